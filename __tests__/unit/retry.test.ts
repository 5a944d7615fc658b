import { describe, it, expect } from 'vitest'
import type { FailureKind } from '../../src/http/exchange.js'
import {
  backoffDelay,
  isTransientFailure,
  judgeStatusCode,
  retryAfterDelay,
  retryDelay,
  withJitter,
  type Exchange,
  type StatusCodeRules,
  type Verdict
} from '../../src/tasks/retry.js'

/** The defaults: fail-fast-status-codes 504, no retry-status-codes. */
const defaults: StatusCodeRules = { failFast: new Set([504]), retry: new Set() }

describe('judgeStatusCode', () => {
  it.each<[number, Exchange, Verdict]>([
    // 504 fails fast on the webhook call only
    [504, 'webhook', 'fail-fast'],
    [504, 'poll', 'transient'],
    // 429 and 5xx are transient
    [429, 'webhook', 'transient'],
    [429, 'poll', 'transient'],
    [500, 'webhook', 'transient'],
    [502, 'webhook', 'transient'],
    [503, 'webhook', 'transient'],
    [503, 'poll', 'transient'],
    [599, 'poll', 'transient'],
    // retrying cannot change these
    [501, 'webhook', 'rejected'],
    [505, 'poll', 'rejected'],
    [505, 'webhook', 'rejected'],
    [511, 'webhook', 'rejected'],
    // 2xx and 3xx are accepted
    [200, 'webhook', 'accepted'],
    [201, 'webhook', 'accepted'],
    [202, 'poll', 'accepted'],
    [204, 'webhook', 'accepted'],
    [301, 'webhook', 'accepted'],
    [303, 'webhook', 'accepted'],
    [304, 'poll', 'accepted'],
    [307, 'webhook', 'accepted'],
    // other 4xx are final
    [400, 'webhook', 'rejected'],
    [401, 'webhook', 'rejected'],
    [403, 'poll', 'rejected'],
    [404, 'webhook', 'rejected'],
    [404, 'poll', 'rejected'],
    [409, 'webhook', 'rejected'],
    [422, 'poll', 'rejected'],
    [428, 'webhook', 'rejected'],
    [431, 'webhook', 'rejected']
  ])('%i on a %s exchange, default rules → %s', (code, exchange, verdict) => {
    expect(judgeStatusCode(code, exchange, defaults)).toBe(verdict)
  })

  it('retries 501, 505 and 511 when retry-status-codes names them', () => {
    const rules: StatusCodeRules = { failFast: new Set(), retry: new Set([501, 505, 511]) }
    for (const code of [501, 505, 511]) expect(judgeStatusCode(code, 'poll', rules)).toBe('transient')
  })

  it('retries a broken-off POST only when it carries an idempotency key', () => {
    expect(isTransientFailure('reset', 'POST')).toBe(false)
    expect(isTransientFailure('reset', 'POST', true)).toBe(true)
    expect(isTransientFailure('timeout', 'PATCH', true)).toBe(true)
  })

  describe('with custom rules', () => {
    const rules: StatusCodeRules = { failFast: new Set([500, 404, 429]), retry: new Set([404, 409, 202]) }

    it.each<[number, Exchange, Verdict]>([
      // fail-fast wins over the retry list and over 429/5xx, on the webhook call
      [404, 'webhook', 'fail-fast'],
      [429, 'webhook', 'fail-fast'],
      [500, 'webhook', 'fail-fast'],
      // on polls the fail-fast list does not apply
      [404, 'poll', 'transient'],
      [429, 'poll', 'transient'],
      [500, 'poll', 'transient'],
      // the retry list makes a 4xx transient
      [409, 'webhook', 'transient'],
      [409, 'poll', 'transient'],
      // a 2xx in the retry list is transient
      [202, 'webhook', 'transient'],
      [202, 'poll', 'transient'],
      // 504 is no longer fail-fast when the list does not name it
      [504, 'webhook', 'transient'],
      // unlisted codes keep their meaning
      [200, 'webhook', 'accepted'],
      [400, 'poll', 'rejected']
    ])('%i on a %s exchange → %s', (code, exchange, verdict) => {
      expect(judgeStatusCode(code, exchange, rules)).toBe(verdict)
    })
  })

  it('fails fast on the 5xx codes a list names, as fail-fast-status-codes: 500, 503 gives', () => {
    const rules: StatusCodeRules = { failFast: new Set([500, 503]), retry: new Set() }
    expect(judgeStatusCode(503, 'webhook', rules)).toBe('fail-fast')
    expect(judgeStatusCode(504, 'webhook', rules)).toBe('transient')
  })

  it('an empty fail-fast list makes 504 transient on the webhook call', () => {
    expect(judgeStatusCode(504, 'webhook', { failFast: new Set(), retry: new Set() })).toBe('transient')
  })
})

describe('isTransientFailure', () => {
  const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
  const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']

  describe.each<[FailureKind]>([['connect'], ['dns']])('%s (the request never reached the server)', kind => {
    it.each(ALL_METHODS)('is transient for %s', method => {
      expect(isTransientFailure(kind, method)).toBe(true)
    })
  })

  describe.each<[FailureKind]>([['reset'], ['timeout']])('%s (the exchange broke off)', kind => {
    it.each(IDEMPOTENT)('is transient for the idempotent %s', method => {
      expect(isTransientFailure(kind, method)).toBe(true)
    })

    it.each(['POST', 'PATCH'])('is never transient for %s: it is not sent twice', method => {
      expect(isTransientFailure(kind, method)).toBe(false)
    })
  })

  describe.each<[FailureKind]>([['too-large'], ['tls'], ['redirect'], ['protocol']])('%s', kind => {
    it.each(ALL_METHODS)('is never transient (%s)', method => {
      expect(isTransientFailure(kind, method)).toBe(false)
    })
  })
})

describe('backoffDelay', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 16_000],
    [6, 30_000],
    [7, 30_000],
    [20, 30_000],
    [100, 30_000]
  ])('retry %i waits %i ms', (retry, ms) => {
    expect(backoffDelay(retry)).toBe(ms)
  })

  it('never exceeds 30 s', () => {
    for (let retry = 1; retry <= 60; retry++) expect(backoffDelay(retry)).toBeLessThanOrEqual(30_000)
  })
})

describe('withJitter', () => {
  it.each([
    [1_000, 0, 1_000],
    [1_000, 1, 1_200],
    [1_000, 0.5, 1_100],
    [30_000, 0, 30_000],
    [30_000, 1, 36_000],
    [0, 1, 0]
  ])('%i ms with random %d → %i ms', (ms, random, expected) => {
    expect(withJitter(ms, () => random)).toBe(expected)
  })

  it('with the real random source stays within [wait, wait + 20 %]', () => {
    for (let i = 0; i < 200; i++) {
      const ms = withJitter(10_000)
      expect(ms).toBeGreaterThanOrEqual(10_000)
      expect(ms).toBeLessThanOrEqual(12_000)
    }
  })
})

describe('retryAfterDelay', () => {
  const now = Date.parse('2024-01-01T00:00:00Z')

  it.each<[string | string[] | undefined, number | undefined]>([
    ['0', 0],
    ['1', 1_000],
    ['30', 30_000],
    [' 7 ', 7_000],
    ['120', 120_000],
    ['300', 300_000],
    // capped at 5 minutes
    ['301', 300_000],
    ['86400', 300_000],
    // an HTTP date, relative to now
    ['Mon, 01 Jan 2024 00:00:30 GMT', 30_000],
    ['Mon, 01 Jan 2024 00:02:00 GMT', 120_000],
    ['Mon, 01 Jan 2024 01:00:00 GMT', 300_000],
    // a date in the past: no wait
    ['Sun, 31 Dec 2023 23:59:00 GMT', 0],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 0],
    // the first of several values
    [['10', '20'], 10_000],
    // nothing usable
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    [[], undefined],
    ['soon', undefined],
    ['5s', undefined],
    ['12abc', undefined],
    ['1e3', undefined],
    ['in 1 hour', undefined]
  ])('%j → %s', (header, expected) => {
    expect(retryAfterDelay(header, now)).toBe(expected)
  })
})

describe('retryDelay', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [10, 30_000]
  ])('without Retry-After, retry %i waits the backoff (%i ms) with no jitter at random 0', (retry, ms) => {
    expect(retryDelay(retry, undefined, () => 0)).toBe(ms)
  })

  it('adds up to 20 % to the backoff', () => {
    expect(retryDelay(2, undefined, () => 1)).toBe(2_400)
  })

  it.each([
    [1, 7_000],
    [5, 7_000],
    [1, 120_000],
    [1, 0]
  ])('Retry-After replaces the backoff (retry %i, Retry-After %i ms)', (retry, retryAfterMs) => {
    expect(retryDelay(retry, retryAfterMs, () => 0)).toBe(retryAfterMs)
  })

  it('never waits less than Retry-After asks', () => {
    expect(retryDelay(1, 7_000, () => 0.5)).toBeGreaterThanOrEqual(7_000)
    expect(retryDelay(1, 7_000, () => 1)).toBeLessThanOrEqual(8_400)
  })
})

describe('Retry-After that is neither seconds nor an HTTP date', () => {
  it.each(['1.5', '-1', 'abc 1', '2026-10-21'])('%j is ignored (the backoff applies)', value => {
    expect(retryAfterDelay(value, Date.UTC(2026, 0, 1))).toBeUndefined()
  })

  it('accepts the older HTTP date forms', () => {
    const now = Date.UTC(1994, 10, 6, 8, 49, 30)
    expect(retryAfterDelay('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(7000)
    expect(retryAfterDelay('Sun Nov  6 08:49:37 1994', now)).toBeGreaterThanOrEqual(0)
  })
})

describe('retryDelay with Retry-After', () => {
  it('keeps the jitter within 5 minutes, and never waits less than asked', () => {
    expect(retryDelay(1, 300_000, () => 1)).toBe(300_000)
    expect(retryDelay(1, 290_000, () => 1)).toBe(300_000)
    expect(retryDelay(1, 10_000, () => 1)).toBe(12_000)
  })
})
