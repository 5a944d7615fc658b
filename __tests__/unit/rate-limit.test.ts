import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { readPayload } from '../../src/body.js'
import type { HttpAnswer } from '../../src/http/exchange.js'
import { compileJsonPath } from '../../src/jsonpath/index.js'
import { Secrets } from '../../src/redact.js'
import { readRateLimit, describeRateLimit } from '../../src/tasks/rate-limit.js'
import { readPoll, type PollRules } from '../../src/tasks/poll.js'
import { judgeStatusCode, type StatusCodeRules } from '../../src/tasks/retry.js'
import type { MissingStatus } from '../../src/status.js'

const NOW = Date.parse('2026-12-02T03:00:00Z')
const nowSeconds = NOW / 1000
const defaults: StatusCodeRules = { failFast: new Set([504]), retry: new Set() }

describe('readRateLimit: which answers are rate limits', () => {
  it.each<[number, IncomingHttpHeaders, boolean]>([
    [429, {}, true],
    [403, { 'retry-after': '60' }, true],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 60) }, true],
    [403, { 'x-ratelimit-remaining': '0' }, true],
    // a plain 403 is a refusal: final
    [403, {}, false],
    [403, { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(nowSeconds + 60) }, false],
    [403, { 'retry-after': '' }, false],
    // only 403 and 429
    [401, { 'x-ratelimit-remaining': '0' }, false],
    [200, { 'x-ratelimit-remaining': '0' }, false],
    [404, { 'retry-after': '5' }, false]
  ])('%i %j: %s', (code, headers, limited) => {
    expect(readRateLimit(code, headers, NOW) !== undefined).toBe(limited)
  })
})

describe('readRateLimit: the wait', () => {
  it('is what Retry-After asks, before any x-ratelimit-reset', () => {
    const headers = { 'retry-after': '30', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 120) }
    expect(readRateLimit(403, headers, NOW)).toEqual({ waitMs: 30_000, resetsAt: NOW + 30_000 })
  })

  it('is until x-ratelimit-reset when the limit is spent and no Retry-After says otherwise', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 42) }
    expect(readRateLimit(403, headers, NOW)).toEqual({ waitMs: 42_000, resetsAt: NOW + 42_000 })
    expect(readRateLimit(429, headers, NOW)).toEqual({ waitMs: 42_000, resetsAt: NOW + 42_000 })
  })

  it('is at most 5 minutes: a reset further away is waited for in steps', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 3600) }
    expect(readRateLimit(403, headers, NOW)).toEqual({ waitMs: 300_000, resetsAt: NOW + 3_600_000 })
    expect(readRateLimit(429, { 'retry-after': '3600' }, NOW)?.waitMs).toBe(300_000)
  })

  it('is the usual backoff when the reset is already past, unreadable, or not for a spent limit', () => {
    expect(
      readRateLimit(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds - 5) }, NOW)
    ).toEqual({})
    expect(readRateLimit(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' }, NOW)).toEqual({})
    // Past the last moment a Date can hold (the year 275760): no clock can say it.
    expect(readRateLimit(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '99999999999999' }, NOW)).toEqual({})
    expect(
      readRateLimit(429, { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(nowSeconds + 9) }, NOW)
    ).toEqual({})
  })
})

describe('describeRateLimit', () => {
  it('says that it is a rate limit and when it resets', () => {
    const limit = { waitMs: 42_000, resetsAt: NOW + 42_000 }
    expect(describeRateLimit(limit, 'the webhook answered 403 Forbidden', NOW)).toBe(
      'rate limited (the webhook answered 403 Forbidden): it resets at 2026-12-02T03:00:42Z (in 42s); waiting'
    )
  })

  it('says when the wait is cut to the cap and the limit is asked again', () => {
    const limit = { waitMs: 300_000, resetsAt: NOW + 3_600_000 }
    expect(describeRateLimit(limit, 'x', NOW)).toBe(
      'rate limited (x): it resets at 2026-12-02T04:00:00Z (in 1h00m); waiting 5m00s, then asking again'
    )
  })

  it('says when the server does not tell', () => {
    expect(describeRateLimit({}, 'x', NOW)).toBe('rate limited (x): the server does not say when it resets; waiting')
  })
})

describe('judgeStatusCode with a rate limit', () => {
  it('makes a rate-limited 403 transient on the call and on polls', () => {
    expect(judgeStatusCode(403, 'webhook', defaults, true)).toBe('transient')
    expect(judgeStatusCode(403, 'poll', defaults, true)).toBe('transient')
    expect(judgeStatusCode(403, 'webhook', defaults)).toBe('rejected')
  })

  it('lets fail-fast-status-codes win on the call', () => {
    expect(judgeStatusCode(403, 'webhook', { failFast: new Set([403]), retry: new Set() }, true)).toBe('fail-fast')
    expect(judgeStatusCode(429, 'webhook', { failFast: new Set([429]), retry: new Set() }, true)).toBe('fail-fast')
  })
})

function answer(code: number, body: unknown, headers: IncomingHttpHeaders = {}): HttpAnswer {
  return {
    code,
    reason: '',
    headers,
    body: Buffer.from(JSON.stringify(body)),
    url: new URL('https://api.github.com/repos/o/r/actions/runs/1'),
    ms: 1
  }
}

function rules(overrides: Partial<PollRules['settings']> = {}): PollRules {
  return {
    settings: {
      statusJsonPath: compileJsonPath('$.conclusion'),
      statuses: { success: new Set(['success']), canceled: new Set(['cancelled']), terminal: new Set(['failure']) },
      missingStatus: 'terminal',
      failFastStatusCodes: new Set([504]),
      retryStatusCodes: new Set(),
      statusHeaders: 'same-origin',
      statusUrlHeader: 'Location',
      pollRetryLimits: new Map(),
      ...overrides
    },
    secrets: new Secrets(),
    headersHeldBack: false
  }
}

const poll = (a: HttpAnswer, r: PollRules) => readPoll(a, readPayload(a.body), r, undefined, NOW)

describe('readPoll: rate limits', () => {
  const spent = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 20) }

  it('keeps polling after a spent limit, waiting until it resets', () => {
    expect(poll(answer(403, { message: 'API rate limit exceeded' }, spent), rules())).toMatchObject({
      kind: 'transient',
      retryAfterMs: 20_000,
      rateLimit: { waitMs: 20_000 }
    })
  })

  it('stops at a plain 403', () => {
    expect(poll(answer(403, { message: 'Resource not accessible' }), rules())).toMatchObject({ kind: 'stopped' })
  })

  it('lets poll-retry-limits that name the code win', () => {
    const never = rules({ pollRetryLimits: new Map([[403, 0]]) })
    expect(poll(answer(403, {}, spent), never)).toMatchObject({ kind: 'stopped' })
    const twice = rules({ pollRetryLimits: new Map([[429, 2]]) })
    expect(poll(answer(429, {}, spent), twice)).toMatchObject({
      kind: 'transient',
      limitedCode: 429,
      retryAfterMs: 20_000,
      rateLimit: { waitMs: 20_000 }
    })
  })
})

describe('readPoll: missing-status', () => {
  const running = (missingStatus: MissingStatus) => rules({ missingStatus })

  it.each<[string, unknown]>([
    ['nothing', { status: 'queued' }],
    ['null', { status: 'queued', conclusion: null }],
    ['a list holding null', { conclusion: [null] }]
  ])('with running, a path that finds %s is "not yet"', (found, body) => {
    const reading = poll(answer(200, body), running('running'))
    expect(reading).toMatchObject({ kind: 'answered', statusMissing: found })
    expect(reading).not.toHaveProperty('outcome')
  })

  it.each<[string, unknown]>([
    ['nothing', { status: 'queued' }],
    ['null', { conclusion: null }]
  ])('with terminal (the default), a path that finds %s stops', (found, body) => {
    // The 2xx answer is the build info all the same (issue 15): only kind and failure are asked here.
    expect(poll(answer(200, body), running('terminal'))).toMatchObject({
      kind: 'stopped',
      failure: `status-json-path $.conclusion found ${found} in the status URL's answer`
    })
  })

  it.each<[string, unknown]>([
    ['an object', { conclusion: { a: 1 } }],
    ['a list of 2 values', { conclusion: [null, null] }],
    ['a list holding an object', { conclusion: [{}] }]
  ])('with running, a path that finds %s still stops', (found, body) => {
    expect(poll(answer(200, body), running('running'))).toMatchObject({
      kind: 'stopped',
      failure: `status-json-path $.conclusion found ${found} in the status URL's answer`
    })
  })

  it('with running, several matches still stop', () => {
    const several = rules({ missingStatus: 'running', statusJsonPath: compileJsonPath('$.jobs[*].conclusion') })
    expect(poll(answer(200, { jobs: [{ conclusion: null }, { conclusion: null }] }), several)).toMatchObject({
      kind: 'stopped',
      failure: expect.stringContaining('found 2 values')
    })
  })

  it('reads the conclusion once it is there', () => {
    expect(poll(answer(200, { conclusion: 'success' }), running('running'))).toMatchObject({
      outcome: { status: 'SUCCEEDED' }
    })
  })
})
