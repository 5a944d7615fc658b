// SPEC's "Hardening" bullets that had no unit test, and issue 15's items at unit level: each
// guarantee is tested where it lives, so that a new feature going through it keeps it.

import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readActionYml } from '../../scripts/action-yml.mjs'
import { readPayload } from '../../src/body.js'
import { bracketIpv6Targets } from '../../src/http/agents.js'
import type { HttpAnswer } from '../../src/http/exchange.js'
import { InputError, readConfig } from '../../src/inputs/index.js'
import { readHeaders } from '../../src/inputs/request.js'
import { compileJsonPath, searchDocument, showFound } from '../../src/jsonpath/index.js'
import { loadMappingReader, MappingError, parseMapping } from '../../src/mapping.js'
import type { OidcTokens } from '../../src/oidc.js'
import { Secrets } from '../../src/redact.js'
import type { StageContext } from '../../src/stage.js'
import { readPoll, type PollRules } from '../../src/tasks/poll.js'
import { cancelRequest, exchange, pollRequest, webhookRequest } from '../../src/tasks/request.js'

beforeAll(() => loadMappingReader())

describe('masking holds in every spelling: form encoding writes a space as +', () => {
  it.each([
    ['open+sesame+4242', '***'],
    ['open%20sesame+4242', '***'],
    ['q=open+sesame%2B4242', 'q=open+sesame%2B4242'],
    ['a=open+sesame+4242&b=1', 'a=***&b=1']
  ])('%s', (echoed, shown) => {
    const secrets = new Secrets()
    secrets.add('open sesame 4242')
    expect(secrets.redact(echoed)).toBe(shown)
  })
})

describe('YAML mappings as the yaml package reads them', () => {
  it.each([
    [
      'A: &s one\nB: *s',
      [
        ['A', 'one'],
        ['B', 'one']
      ]
    ],
    [
      'A: &l [a, b]\nB: *l',
      [
        ['A', ['a', 'b']],
        ['B', ['a', 'b']]
      ]
    ],
    ['%YAML 1.2\n---\nA: !!str 2.0\n...\n', [['A', '2.0']]],
    [
      'A: !!str 0123\nB: [&i x, *i]',
      [
        ['A', '0123'],
        ['B', ['x', 'x']]
      ]
    ]
  ])('resolve anchors, aliases, directives, markers and tags: %j', (text, mapping) => {
    expect(parseMapping(text)).toEqual(mapping)
  })

  it('refuse an alias that names no anchor, and one that stands for a nested mapping', () => {
    // Without its name: a header's value that starts with * may be a secret.
    expect(() => parseMapping('A: *nowhere')).toThrow(
      new MappingError('an alias (*) names no anchor before it at line 1, column 4 (quote a value that starts with *)')
    )
    expect(() => parseMapping('A: &m {x: 1}\nB: *m')).toThrow(/the value of A is a nested mapping/)
  })
})

describe('input errors quote at most 200 characters of a value', () => {
  const inputs = readActionYml().inputs.map(input => input.name)
  const hostile = ['x'.repeat(100_000), `${'x'.repeat(100_000)}:/path`, `https://h/{$.${'x'.repeat(100_000)}`]
  const context = { url: 'https://ci.example.com/hook', 'wait-for-completion': 'true' }

  it.each(inputs)('%s', name => {
    for (const value of hostile) {
      const all: Record<string, string> = { ...context, [name]: value }
      try {
        readConfig({ get: input => all[input] ?? '', workspace: '/nonexistent', warn: () => {} }, new Secrets())
      } catch (error) {
        expect(error).toBeInstanceOf(InputError)
        expect((error as Error).message).not.toContain('x'.repeat(201))
      }
    }
  })
})

describe('header names are data', () => {
  it('__proto__, constructor and prototype are headers like any other, sent on every call', () => {
    const headers = readHeaders('__proto__: a\nconstructor: b\nprototype: c', new Secrets())
    expect(Object.keys(headers)).toEqual(['__proto__', 'constructor', 'prototype'])
    const request = webhookRequest(context({ headers }))
    expect(Object.entries(request.credentials)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['prototype', 'c']
    ])
  })
})

describe('retries', () => {
  it('is at most 100', () => {
    const read = (retries: string) => () =>
      readConfig(
        { get: name => ({ url: 'https://x.example/', retries })[name] ?? '', workspace: '/', warn: () => {} },
        new Secrets()
      )
    expect(read('100')().retries).toBe(100)
    expect(read('101')).toThrow("Input 'retries' must be a whole number from 0 to 100 (got '101')")
  })
})

describe('what a JSONPath finds is bounded (four times the answer, or 16 MB)', () => {
  const nestedDetails = (levels: number, pad: number): object => {
    let document: object = { end: true }
    for (let i = 0; i < levels; i++) document = { pad: 'p'.repeat(pad), detail: document }
    return document
  }

  it('stops $..detail over 200 nested 40 KB objects with "too large to search", for that path only', () => {
    const document = nestedDetails(200, 40_000)
    const found = searchDocument(compileJsonPath('$..detail'), document)
    expect(found).toEqual({ unsearchable: expect.stringMatching(/^\$\.\.detail .*too large to search/) })
    expect(searchDocument(compileJsonPath('$..end'), document)).toEqual({ found: [true] })
  })

  it('bounds what a function makes of each value: concat of 20,000 items with a 1 KB argument is too large', () => {
    const document = { items: new Array(20_000).fill(0), suffix: 'a'.repeat(1024) }
    expect(searchDocument(compileJsonPath('$.items[*].concat("-", $.suffix)'), document)).toEqual({
      unsearchable: expect.stringMatching(/too large to search with it/)
    })
    expect(searchDocument(compileJsonPath('$.items[0:3].concat("-", $.suffix)'), document)).toMatchObject({
      found: [expect.stringMatching(/-a{1024}$/), expect.any(String), expect.any(String)]
    })
  })

  it('lets overlapping matches through while they stay under the bound', () => {
    const found = searchDocument(compileJsonPath('$..detail'), nestedDetails(20, 1_000))
    expect('found' in found && found.found).toHaveLength(20)
  })

  it('ends a recursive descent over 1,000 levels of nesting (37 KB) with "too deep or too large to search"', () => {
    let text = '{"id":0}'
    for (let i = 1; i <= 1_000; i++) text = `{"id":${i},"kind":"node","items":[${text}]}`
    const found = searchDocument(compileJsonPath('$..items..id'), JSON.parse(text))
    expect(found).toEqual({ unsearchable: expect.stringMatching(/too deep or too large to search/) })
  })

  it('shows one match as itself and several as a list', () => {
    expect(showFound(['a'])).toBe('a')
    expect(showFound(['a', 'b'])).toEqual(['a', 'b'])
    expect(showFound([])).toEqual([])
  })
})

describe('build-info', () => {
  const answer = (body: string): HttpAnswer => ({
    code: 200,
    reason: 'OK',
    headers: {},
    body: Buffer.from(body),
    url: new URL('https://ci.example.com/s'),
    ms: 1
  })
  const rules = (path: string): PollRules => ({
    settings: {
      statusJsonPath: compileJsonPath(path),
      statuses: { SUCCEEDED: ['ok'], CANCELED: [], TERMINAL: [] },
      failFastStatusCodes: new Set(),
      retryStatusCodes: new Set(),
      statusHeaders: 'same-origin',
      statusUrlHeader: 'Location',
      pollRetryLimits: new Map()
    } as unknown as PollRules['settings'],
    secrets: new Secrets(),
    headersHeldBack: false
  })

  it.each([
    ['finds nothing', '$.status', '{"state": "x"}'],
    ['finds an object', '$.status', '{"status": {"a": 1}}']
  ])('is the 2xx answer that stopped the wait when the status path %s', (_why, path, body) => {
    const payload = readPayload(Buffer.from(body))
    const reading = readPoll(answer(body), payload, rules(path))
    expect(reading).toMatchObject({ kind: 'stopped', buildInfo: payload })
  })
})

describe('through a proxy, an IPv6 literal target', () => {
  it('is written in brackets; names and IPv4 stay as they are', () => {
    const hosts: unknown[] = []
    const tunnel = { addRequest: (_request: unknown, options: { host: string }) => hosts.push(options.host) }
    bracketIpv6Targets(tunnel as unknown as http.Agent)
    const add = (tunnel as unknown as { addRequest: (request: unknown, options: unknown) => void }).addRequest
    for (const host of ['::1', '::ffff:7f00:1', '127.0.0.1', 'ci.example.com']) add({}, { host, port: 80 })
    expect(hosts).toEqual(['[::1]', '[::ffff:7f00:1]', '127.0.0.1', 'ci.example.com'])
  })
})

/** A stage context for building requests, with what a test sets. */
function context(config: Record<string, unknown>, oidc?: OidcTokens): StageContext {
  return {
    config: {
      webhook: { method: 'GET', url: new URL('https://ci.example.com/hook') },
      headers: {},
      requestTimeoutMs: 5000,
      maxResponseBytes: 1024,
      statusHeaders: 'same-origin',
      tls: { cert: 'CERT', key: 'KEY', ca: ['CA'] },
      ...config
    },
    secrets: new Secrets(),
    cancelled: new AbortController().signal,
    oidc
  } as unknown as StageContext
}

describe('who gets the credentials, in one place', () => {
  const webhook = { method: 'POST', url: new URL('https://ci.example.com/hook'), authorization: 'Basic dTpw' }
  const ctx = (statusHeaders: string) =>
    context({
      webhook,
      headers: { 'X-Api-Key': 'k-1234' },
      statusHeaders,
      cancel: { method: 'POST', url: new URL('https://other.example.com/cancel') }
    })
  const signal = new AbortController().signal

  it.each([
    ['same-origin', 'https://ci.example.com/status', true],
    ['same-origin', 'https://status.example.com/s', false],
    ['always', 'https://status.example.com/s', true],
    ['never', 'https://ci.example.com/status', false]
  ])('a poll with status-headers %s to %s carries the headers: %s', (statusHeaders, url, carried) => {
    const { request, headersHeldBack } = pollRequest(ctx(statusHeaders), new URL(url), signal)
    expect(Object.keys(request.credentials).length > 0).toBe(carried)
    expect(headersHeldBack).toBe(!carried)
  })

  it("the client certificate goes only to the webhook URL's origin; the trusted CAs everywhere", () => {
    expect(webhookRequest(ctx('always')).tls).toEqual({ cert: 'CERT', key: 'KEY', ca: ['CA'] })
    expect(pollRequest(ctx('always'), new URL('https://status.example.com/s'), signal).request.tls).toEqual({
      ca: ['CA']
    })
    expect(cancelRequest(ctx('always'), new URL('https://other.example.com/cancel'), signal).tls).toEqual({
      ca: ['CA']
    })
  })

  it("trusts the cancel endpoint's own host, unless a placeholder filled it", () => {
    expect(cancelRequest(ctx('same-origin'), new URL('https://other.example.com/cancel'), signal).trustedHost).toBe(
      'other.example.com'
    )
    const templated = context({ webhook, cancel: { method: 'POST', url: new URL('https://webhookstageslot0z/c') } })
    expect(cancelRequest(templated, new URL('https://filled.example.com/c'), signal).trustedHost).toBe(
      'webhookstageslot0z'
    )
  })
})

describe('OIDC: a fresh token only after a 401 from the webhook URL itself', () => {
  const servers: http.Server[] = []
  afterEach(() => Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve)))))

  async function listen(handler: http.RequestListener): Promise<string> {
    const server = http.createServer(handler)
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  function tokens(): OidcTokens & { fetched: number; invalidated: number } {
    const state = {
      fetched: 0,
      invalidated: 0,
      current: async () => `token-${++state.fetched}`,
      invalidate: () => void state.invalidated++
    }
    return state as unknown as OidcTokens & { fetched: number; invalidated: number }
  }

  it.each([
    ['a redirect led to another origin', true, 1, 0],
    ['the webhook URL answered it', false, 2, 1]
  ])('401 when %s', async (_case, redirected, fetched, invalidated) => {
    const elsewhere = await listen((_req, res) => res.writeHead(401).end())
    const origin = await listen((_req, res) =>
      redirected ? res.writeHead(302, { Location: `${elsewhere}/s` }).end() : res.writeHead(401).end()
    )
    const oidc = tokens()
    const ctx = context({ webhook: { method: 'GET', url: new URL(`${origin}/hook`) }, tls: {} }, oidc)
    const answer = await exchange(ctx, webhookRequest(ctx))
    expect(answer.code).toBe(401)
    expect([oidc.fetched, oidc.invalidated]).toEqual([fetched, invalidated])
  })
})
