// Which failures are transient, and how long to wait before the next try.

import { IDEMPOTENT_METHODS, type FailureKind } from '../http/exchange.js'

export type Exchange = 'webhook' | 'poll'

/** What an HTTP status means for the step. */
export type Verdict = 'accepted' | 'fail-fast' | 'transient' | 'rejected'

export interface StatusCodeRules {
  failFast: ReadonlySet<number>
  retry: ReadonlySet<number>
}

/** Retrying cannot change these: the server lacks the method, the HTTP version, or a network login. */
const FINAL_SERVER_ERRORS: ReadonlySet<number> = new Set([501, 505, 511])

/** `rateLimited`: the answer is a rate limit (see rate-limit.ts), a 403 included. */
export function judgeStatusCode(
  code: number,
  exchange: Exchange,
  rules: StatusCodeRules,
  rateLimited = false
): Verdict {
  if (exchange === 'webhook' && rules.failFast.has(code)) return 'fail-fast'
  if (rules.retry.has(code) || rateLimited) return 'transient'
  if (code === 429 || (code >= 500 && !FINAL_SERVER_ERRORS.has(code))) return 'transient'
  // A 3xx that was not followed (any method but GET and HEAD) is accepted, as in Spinnaker.
  if (code >= 200 && code < 400) return 'accepted'
  return 'rejected'
}

/**
 * A request that never reached the server can always be sent again. One that broke off after
 * it was sent is sent again only when repeating it is harmless: an idempotent method, or a POST
 * or PATCH that carries an Idempotency-Key (`keyed`); otherwise a POST is never sent twice.
 */
export function isTransientFailure(kind: FailureKind, method: string, keyed = false): boolean {
  switch (kind) {
    case 'connect':
    case 'dns':
      return true
    case 'reset':
    case 'timeout':
      return keyed || IDEMPOTENT_METHODS.has(method)
    default:
      return false
  }
}

const FIRST_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000
export const MAX_RETRY_AFTER_MS = 5 * 60_000
const JITTER = 0.2

/** The wait before retry number `retry` (1, 2, 3 …): 1 s doubling, capped at 30 s. */
export function backoffDelay(retry: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(retry - 1, 0), MAX_BACKOFF_MS)
}

/** A wait plus up to 20 %, never less, so that many clients do not retry in step. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + JITTER * random()))
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds, at most 5 minutes. */
export function retryAfterDelay(header: string | string[] | undefined, now: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim()
  if (!value) return undefined
  let ms: number
  if (/^\d+$/.test(value)) ms = Number(value) * 1000
  else {
    // Only an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`, or its older forms): Date.parse would
    // read `1.5` or `-1` as dates in 2001.
    const date = /^[A-Za-z]{3,9},? .*\d\d:\d\d:\d\d/.test(value) ? Date.parse(value) : Number.NaN
    if (Number.isNaN(date)) return undefined
    ms = Math.max(date - now, 0)
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS)
}

/** The wait before the next try: what Retry-After asks, else the backoff; plus jitter. */
export function retryDelay(retry: number, retryAfterMs: number | undefined, random?: () => number): number {
  return retryAfterMs === undefined ? withJitter(backoffDelay(retry), random) : retryAfterWait(retryAfterMs, random)
}

/** What Retry-After asks plus jitter, the jitter kept within the 5-minute cap. */
export function retryAfterWait(retryAfterMs: number, random?: () => number): number {
  return Math.max(retryAfterMs, Math.min(withJitter(retryAfterMs, random), MAX_RETRY_AFTER_MS))
}
