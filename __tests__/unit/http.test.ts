// How a failed exchange is described, which decides whether it is retried (see retry.ts).

import { describe, expect, it } from 'vitest'
import { describeFailure } from '../../src/http/exchange.js'

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
