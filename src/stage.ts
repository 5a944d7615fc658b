// What the stage's tasks share: the configuration, the secrets, the timeline, the runner's
// cancel signal, and the state they build up (Spinnaker's stage context).

import type { IncomingHttpHeaders } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import type { Payload } from './body.js'
import type { Headers, HttpRequest } from './http.js'
import type { RequestSpec, StageConfig } from './inputs.js'
import type { Secrets } from './redact.js'
import type { FinalStatus } from './status.js'
import type { Timeline } from './timeline.js'

export interface StageContext {
  config: StageConfig
  secrets: Secrets
  timeline: Timeline
  /** Aborted when the runner cancels the run (SIGINT, then SIGTERM). */
  cancelled: AbortSignal
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
  progress?: string
  percentComplete?: number
  /** The final payload: the webhook's answer, then each poll answered 2xx or 3xx. */
  buildInfo?: Payload
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

const USER_AGENT = 'webhook-stage-action (+https://github.com/features/actions)'
const ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.8'

/**
 * The HTTP request for a webhook call, a poll or a cancel call. `withCredentials`: whether the
 * user's headers and the URL's Basic authentication go along.
 */
export function requestFor(
  ctx: StageContext,
  spec: RequestSpec,
  options: { withCredentials: boolean; timeoutMs: number; signal: AbortSignal }
): HttpRequest {
  const credentials: Headers = options.withCredentials ? { ...ctx.config.headers } : {}
  if (options.withCredentials && spec.authorization) credentials.Authorization = spec.authorization
  const has = (lowerName: string): boolean => Object.keys(credentials).some(name => name.toLowerCase() === lowerName)
  const headers: Headers = {}
  if (!has('user-agent')) headers['User-Agent'] = USER_AGENT
  if (!has('accept')) headers.Accept = ACCEPT
  if (spec.body && !has('content-type')) headers['Content-Type'] = spec.body.contentType
  return {
    method: spec.method,
    url: spec.url,
    headers,
    credentials,
    body: spec.body?.bytes,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: ctx.config.maxResponseBytes,
    signal: options.signal,
    // The user wrote the webhook URL and the cancel URL; a poll's URL was chosen by a server.
    trustedHost: (spec === ctx.config.cancel ? spec.url : ctx.config.webhook.url).hostname
  }
}

/** Waits, unless the signal aborts first (then it throws). */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await delay(ms, undefined, { signal })
  else signal.throwIfAborted()
}

/** `GET https://host/path` as the log and summary show it. */
export function describeRequest(ctx: StageContext, spec: RequestSpec): string {
  return `${spec.method} ${ctx.secrets.showUrl(spec.url)}`
}
