// Rate limits: GitHub and many other APIs answer a spent limit with 403 (or 429) and say when it
// resets in `x-ratelimit-*` headers. Such an answer is transient, and its wait is what the server
// says, within Retry-After's caps. Reading is pure; RateLimitNotes keeps the log to one line per
// stretch of rate-limited answers.

import type { IncomingHttpHeaders } from 'node:http'
import { formatDuration } from '../formats.js'
import { MAX_RETRY_AFTER_MS, retryAfterDelay } from './retry.js'
import type { Timeline } from '../timeline.js'

/** The last moment a Date holds, ms since the epoch (ECMAScript's time value range). */
const MAX_DATE_MS = 8.64e15

export interface RateLimit {
  /** The wait the server asks for (Retry-After, else the reset), at most 5 minutes; absent: the usual backoff. */
  waitMs?: number
  /** When the limit resets (ms since the epoch), when the server says. */
  resetsAt?: number
}

/**
 * Whether an answer is a rate limit: a 429, or a 403 with Retry-After or with
 * `x-ratelimit-remaining: 0` (a plain 403 is a refusal, final). `now` is ms since the epoch.
 */
export function readRateLimit(code: number, headers: IncomingHttpHeaders, now: number): RateLimit | undefined {
  const retryAfter = first(headers['retry-after'])
  const spent = first(headers['x-ratelimit-remaining']) === '0'
  if (code !== 429 && !(code === 403 && (retryAfter !== undefined || spent))) return undefined
  const asked = retryAfterDelay(retryAfter, now)
  if (asked !== undefined) return { waitMs: asked, resetsAt: now + asked }
  const reset = first(headers['x-ratelimit-reset'])
  if (!spent || reset === undefined || !/^\d+$/.test(reset)) return {}
  const resetsAt = Number(reset) * 1000
  // A reset already past: the limit is back, and the usual backoff does. One past what a Date
  // can hold (the year 275760) says nothing a clock could show: the same.
  if (resetsAt <= now || resetsAt > MAX_DATE_MS) return {}
  return { waitMs: Math.min(resetsAt - now, MAX_RETRY_AFTER_MS), resetsAt }
}

/** The log's line for a stretch of rate-limited answers: that it is one, and when it resets. */
export function describeRateLimit(limit: RateLimit, answered: string, now: number): string {
  const { waitMs, resetsAt } = limit
  if (resetsAt === undefined) return `rate limited (${answered}): the server does not say when it resets; waiting`
  const at = new Date(resetsAt).toISOString().replace(/\.\d+Z$/, 'Z')
  const resets = `it resets at ${at} (in ${formatDuration(Math.max(resetsAt - now, 0))})`
  // A reset past Retry-After's cap is waited for in steps.
  const steps = waitMs !== undefined && resetsAt - now > waitMs ? ` ${formatDuration(waitMs)}, then asking again` : ''
  return `rate limited (${answered}): ${resets}; waiting${steps}`
}

/** Says once per stretch of rate-limited answers that the server limits the rate. */
export class RateLimitNotes {
  private limited = false

  constructor(private readonly timeline: Timeline) {}

  /** Hears of each answer: its rate limit, or undefined for any other answer or failure. */
  heard(limit: RateLimit | undefined, answered: string): void {
    // A line of the log, not a warning: the failure itself is already one (a retry, a poll failure).
    if (limit && !this.limited) this.timeline.record('note', describeRateLimit(limit, answered, Date.now()))
    this.limited = limit !== undefined
  }
}

function first(value: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  return text ? text : undefined
}
