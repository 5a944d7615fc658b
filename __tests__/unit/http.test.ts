// How a failed exchange is described, which decides whether it is retried (see retry.ts).

import { describe, expect, it } from 'vitest'
import { describeFailure, send } from '../../src/http/exchange.js'
import { Secrets } from '../../src/redact.js'
import { startServer } from '../support/server.js'

const url = new URL('https://deploy.example.com:8443/jobs')
const failure = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(message), { code })

describe('describeFailure', () => {
  it.each([
    ['ECONNREFUSED', false, 'connect', 'connection refused by deploy.example.com:8443'],
    ['ENOTFOUND', false, 'dns', 'DNS look-up of deploy.example.com failed (ENOTFOUND)'],
    ['EAI_AGAIN', false, 'dns', 'DNS look-up of deploy.example.com failed (EAI_AGAIN)'],
    ['EHOSTUNREACH', false, 'connect', 'could not connect to deploy.example.com:8443 (EHOSTUNREACH)'],
    ['ECONNRESET', false, 'connect', 'could not connect to deploy.example.com:8443 (ECONNRESET)'],
    ['ECONNRESET', true, 'reset', 'the connection broke off (ECONNRESET)'],
    ['EPIPE', true, 'reset', 'the connection broke off (EPIPE)'],
    ['HPE_INVALID_CONSTANT', true, 'protocol', 'deploy.example.com:8443 sent a malformed answer (HPE_INVALID_CONSTANT)']
  ])('%s (request sent: %s) is %s', (code, sent, kind, message) => {
    const described = describeFailure(failure(code), sent, url)
    expect(described.kind).toBe(kind)
    expect(described.message).toBe(message)
  })

  it.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'EPROTO'
  ])('%s is a TLS failure, never retried', code => {
    expect(describeFailure(failure(code, 'certificate trouble'), false, url).kind).toBe('tls')
  })
})

describe('send', () => {
  it('sends nothing on a signal aborted before the request would start, and leaves no stray error', async () => {
    const server = await startServer(() => ({ status: 200 }))
    try {
      const cancelled = new AbortController()
      cancelled.abort()
      const request = {
        method: 'GET',
        url: new URL(server.url),
        headers: {},
        credentials: {},
        timeoutMs: 5_000,
        maxResponseBytes: 1024,
        signal: cancelled.signal,
        trustedHost: '127.0.0.1',
        secrets: new Secrets()
      }
      await expect(send(request)).rejects.toMatchObject({ kind: 'aborted' })
      // A request destroyed before it had a socket reports 'socket hang up' a tick later.
      await new Promise(resolve => setTimeout(resolve, 50))
      expect(server.received).toEqual([])
    } finally {
      await server.close()
    }
  })
})
