// Polling's cadence, as Orca's MonitorWebhookTask sets its backoff: when the next poll goes out.
// Pure: the monitor keeps the clock.

import type { StageConfig } from '../settings.js'
import { formatDuration } from '../formats.js'
import { retryAfterWait } from './retry.js'

const FIRST_MINUTE_MS = 60_000

/** How the last poll went, as far as the wait after it cares. */
export type PollPace = { kind: 'failed'; retryAfterMs?: number } | { kind: 'going-on'; askedMs?: number }

/** The wait between polls: fixed, or Spinnaker's cadence of every second for a minute, then every 15 s. */
export function pollInterval(setting: StageConfig['pollInterval'], monitoringMs: number): number {
  if (setting !== 'auto') return setting
  return monitoringMs < FIRST_MINUTE_MS ? 1_000 : 15_000
}

export function describeCadence(setting: StageConfig['pollInterval']): string {
  return setting === 'auto' ? 'every 1s for the first minute, then every 15s' : `every ${formatDuration(setting)}`
}

/** The wait ahead: polling's own cadence, which the server's Retry-After may lengthen, never shorten. */
export interface NextWait {
  waitMs: number
  /** How much of it the server asked for (counted in the summary), when it asked for more. */
  serverWaitMs?: number
}

/**
 * The wait before the next poll. Polling keeps its cadence through failures, as in Spinnaker;
 * Retry-After may lengthen a wait after a failure, and the server may ask for a longer one while
 * the work goes on (which saves polls), never a shorter one.
 */
export function nextWait(
  setting: StageConfig['pollInterval'],
  monitoringMs: number,
  step: PollPace,
  remainingMs: number
): NextWait {
  const cadence = pollInterval(setting, monitoringMs)
  if (step.kind === 'failed') {
    return { waitMs: step.retryAfterMs === undefined ? cadence : Math.max(cadence, retryAfterWait(step.retryAfterMs)) }
  }
  if (step.askedMs !== undefined && step.askedMs > cadence) {
    return { waitMs: step.askedMs, serverWaitMs: Math.min(step.askedMs, remainingMs) }
  }
  return { waitMs: cadence }
}
