// The link-local rule: a host chosen by a server may not be, or resolve to, 169.254.0.0/16 or
// fe80::/10, unless it is the host the user configured. Nothing here connects anywhere: the
// resolver is a stub.

import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { describeFailure } from '../../src/http/exchange.js'
import { isLinkLocal, linkLocalTarget, lookupRefusingLinkLocal } from '../../src/http/link-local.js'
import { isTransientFailure } from '../../src/tasks/retry.js'
import { requestFor } from '../../src/tasks/request.js'
import type { StageContext } from '../../src/stage.js'

/** The hostname as `URL` normalizes it, without IPv6 brackets. */
const hostOf = (url: string): string => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1')

describe('isLinkLocal', () => {
  it.each([
    'http://169.254.169.254/',
    'http://169.254.0.1/',
    'http://169.254.255.255/',
    'http://2852039166/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/',
    'http://169.254.169.254./',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[0:0:0:0:0:ffff:a9fe:1]/',
    'http://[fe80::1]/',
    'http://[fe9f::1]/',
    'http://[febf::1]/',
    'http://[FEBF:0:0:0:0:0:0:1]/'
  ])('%s is link-local', url => {
    expect(isLinkLocal(hostOf(url))).toBe(true)
  })

  it.each([
    'http://169.255.0.1/',
    'http://169.253.255.255/',
    'http://127.0.0.1/',
    'http://10.0.0.1/',
    'http://[::1]/',
    'http://[fec0::1]/',
    'http://[fe7f::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://metadata.google.internal/',
    'http://169.254.169.254.nip.io/'
  ])('%s is not', url => {
    expect(isLinkLocal(hostOf(url))).toBe(false)
  })

  it('reads an address with a zone, as a resolver may answer', () => {
    expect(isLinkLocal('fe80::1%eth0')).toBe(true)
  })
})

describe('linkLocalTarget', () => {
  it('finds a link-local host that is not the trusted one, in any spelling', () => {
    expect(linkLocalTarget(new URL('http://2852039166/latest/meta-data/'), 'deploy.example.com')).toBe(
      '169.254.169.254'
    )
    expect(linkLocalTarget(new URL('http://[::ffff:a9fe:a9fe]:8080/'), '127.0.0.1')).toBe('::ffff:a9fe:a9fe')
  })

  // The spellings __tests__/action/link-local.test.ts no longer runs one by one: the host refused.
  it.each([
    ['http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/', '169.254.169.254'],
    ['http://0251.0376.0251.0376/latest/meta-data/', '169.254.169.254'],
    ['http://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe'],
    ['http://[fe80::1]/', 'fe80::1']
  ])('finds %s as %s', (url, host) => {
    expect(linkLocalTarget(new URL(url), '127.0.0.1')).toBe(host)
  })

  it('lets the trusted host through, in any spelling URL normalizes to it', () => {
    const trusted = new URL('http://169.254.169.254/jobs').hostname
    expect(linkLocalTarget(new URL('http://169.254.169.254/status/1'), trusted)).toBeUndefined()
    expect(linkLocalTarget(new URL('http://2852039166:8080/status/1'), trusted)).toBeUndefined()
    expect(linkLocalTarget(new URL('http://[fe80::1]/'), new URL('http://[FE80:0::1]/').hostname)).toBeUndefined()
  })

  it('trusts only that host: another link-local address is refused', () => {
    expect(linkLocalTarget(new URL('http://169.254.170.2/v2/credentials'), '169.254.169.254')).toBe('169.254.170.2')
  })

  it('leaves other hosts alone (a name is checked as it resolves)', () => {
    expect(linkLocalTarget(new URL('http://10.0.0.1/'), 'deploy.example.com')).toBeUndefined()
    expect(linkLocalTarget(new URL('http://metadata.internal/'), 'deploy.example.com')).toBeUndefined()
  })

  it('is never retried', () => {
    expect(isTransientFailure('refused', 'GET')).toBe(false)
    expect(isTransientFailure('refused', 'POST')).toBe(false)
  })
})

describe('lookupRefusingLinkLocal', () => {
  const realLookup = dns.lookup
  afterEach(() => {
    dns.lookup = realLookup
    syncBuiltinESMExports()
  })

  /** A resolver that answers `addresses` for any name. */
  function resolveTo(...addresses: string[]): void {
    const entries = addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 }))
    dns.lookup = ((_name: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
      setImmediate(() =>
        options.all ? callback(null, entries) : callback(null, entries[0].address, entries[0].family)
      )
    }) as typeof dns.lookup
    syncBuiltinESMExports()
  }

  const lookup = (name: string, options: dns.LookupOptions): Promise<{ error: Error | null; args: unknown[] }> =>
    new Promise(resolve =>
      lookupRefusingLinkLocal(name, options, (error, ...args: unknown[]) => resolve({ error, args }))
    )

  it.each([
    ['one address', { all: false }, ['169.254.169.254']],
    ['all addresses (happy eyeballs)', { all: true }, ['169.254.169.254']],
    ['all addresses, one of them link-local', { all: true }, ['127.0.0.1', 'fe80::1']],
    ['an IPv4-mapped address', { all: true }, ['::ffff:169.254.169.254']]
  ])('refuses a name resolving to a link-local address: %s', async (_name, options, addresses) => {
    resolveTo(...addresses)
    const { error } = await lookup('metadata.example', options)
    const failure = describeFailure(error as NodeJS.ErrnoException, false, new URL('http://metadata.example/latest/'))
    expect(failure.kind).toBe('refused')
    expect(failure.message).toMatch(
      /^refused to connect to metadata\.example \((169\.254\.169\.254|fe80::1|::ffff:169\.254\.169\.254)\): a link-local address, which a server may not choose$/
    )
  })

  it('answers as dns.lookup does otherwise, for one address or all', async () => {
    resolveTo('127.0.0.1', '::1')
    expect(await lookup('localhost', { all: false })).toEqual({ error: null, args: ['127.0.0.1', 4] })
    expect(await lookup('localhost', { all: true })).toEqual({
      error: null,
      args: [
        [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 }
        ],
        undefined
      ]
    })
  })

  it('passes a resolver failure on', async () => {
    dns.lookup = ((_name: string, _options: unknown, callback: (error: Error) => void) => {
      setImmediate(() => callback(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })))
    }) as unknown as typeof dns.lookup
    syncBuiltinESMExports()
    const { error } = await lookup('nowhere.example', { all: true })
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND')
  })
})

describe('the trusted host of a request', () => {
  const webhook = { method: 'POST', url: new URL('http://169.254.169.254/jobs') }
  const cancel = { method: 'POST', url: new URL('http://[fe80::1]:8080/cancel') }
  const ctx = { config: { webhook, cancel, headers: {}, maxResponseBytes: 1024, tls: {} } } as unknown as StageContext
  const options = { withCredentials: false, timeoutMs: 1000, signal: new AbortController().signal }

  it("is the webhook URL's host for the call and the polls, unless a task names another", () => {
    expect(requestFor(ctx, webhook, options).trustedHost).toBe('169.254.169.254')
    expect(requestFor(ctx, { method: 'GET', url: new URL('http://[fe80::1]:8080/status') }, options).trustedHost).toBe(
      '169.254.169.254'
    )
    expect(requestFor(ctx, cancel, { ...options, trustedHost: cancel.url.hostname }).trustedHost).toBe('[fe80::1]')
  })
})
