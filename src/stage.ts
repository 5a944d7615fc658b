// What the stage's tasks share: the configuration, the secrets, the timeline, the runner's
// cancel signal, and the state they build up (Spinnaker's stage context).

import type { IncomingHttpHeaders } from 'node:http'
import { whenAborted } from './abort.js'
import type { Payload } from './body.js'
import type { StageConfig } from './settings.js'
import type { OidcTokens } from './oidc.js'
import type { Secrets } from './redact.js'
import type { FinalStatus } from './status.js'
import type { Timeline } from './timeline.js'

export interface StageContext {
  config: StageConfig
  secrets: Secrets
  timeline: Timeline
  /** Aborted when the runner cancels the run (SIGINT, then SIGTERM). */
  cancelled: AbortSignal
  /** The runner's debug logging is on: each exchange is one `::debug::` line. */
  debug?: boolean
  /** The job's OIDC tokens, when oidc-audience is set. */
  oidc?: OidcTokens
}

export interface WebhookCall {
  method: string
  code: number
  reason: string
  headers: IncomingHttpHeaders
  payload: Payload
  ms: number
}

export interface StageState {
  /** The webhook's last answer. */
  webhook?: WebhookCall
  statusUrl?: URL
  polls: number
  /** Milliseconds since the start when polling began. */
  monitorStartedAt?: number
  lastStatus?: string
  /** The last poll's status path found no status yet (missing-status: running). */
  statusMissing?: boolean
  progress?: string
  percentComplete?: number
  /** The final payload: the webhook's answer, then each poll answered 2xx or 3xx. */
  buildInfo?: Payload
  /** The last poll's answer: its final code (after a 303, the result's) and headers. */
  lastPoll?: { code: number; headers: IncomingHttpHeaders }
  /** Waits the status URL asked for with Retry-After that were longer than the cadence. */
  serverWaits?: { count: number; ms: number }
  /** Transient poll failures by kind (a few kinds at most), with how often each happened. */
  pollFailures?: Map<string, number>
}

export interface StageResult extends StageState {
  status: FinalStatus
  /** One line: why the stage ended so (the error, when it failed). */
  reason: string
  /** Milliseconds from the start to the end of the stage. */
  elapsedMs: number
}

/**
 * The stage cannot go on. `stoppedWaiting`: it stopped waiting without a final status from the
 * remote job, so the job may still run and the cancel endpoint is called.
 */
export class StageFailure extends Error {
  constructor(
    message: string,
    readonly stoppedWaiting = false
  ) {
    super(message)
  }
}

/**
 * Waits, unless the signal aborts first (then it rejects with the signal's reason). A timer and
 * a call in whenAborted's set: node:timers/promises' abortable delay made six times the garbage of
 * a whole poll's wait, between every two polls.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted()
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const stopListening = whenAborted(signal, () => {
      clearTimeout(timer)
      reject(signal.reason)
    })
    const timer = setTimeout(() => {
      stopListening()
      resolve()
    }, ms)
  })
}
