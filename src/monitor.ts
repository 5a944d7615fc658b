// Monitoring, as Spinnaker's MonitorWebhookTask: poll the status URL with GET until the status
// maps to SUCCEEDED, CANCELED or TERMINAL, or the timeout passes. The log hears of changes only,
// plus a heartbeat at most once a minute.

import { documentOf, readPayload, type Payload } from './body.js'
import { formatDuration } from './formats.js'
import { ExchangeError, send, type HttpAnswer } from './http.js'
import type { StageConfig } from './inputs.js'
import { findAll, JsonPathLimitError, showValue, type JsonPath } from './jsonpath.js'
import { defuse } from './redact.js'
import { isTransientFailure, judgeStatusCode, retryAfterDelay, retryAfterWait } from './retry.js'
import { requestFor, sleep, StageFailure, type StageContext, type StageState } from './stage.js'
import { readStatus, type FinalStatus } from './status.js'
import { bodySnippet, describeCode } from './webhook.js'

const FIRST_MINUTE_MS = 60_000
const HEARTBEAT_MS = 60_000
/** An outage this long is worth a line when it ends. */
const LONG_OUTAGE_MS = 60_000
/** Kinds of poll failure counted apart; more are counted together. */
const MAX_FAILURE_KINDS = 10

/** The wait between polls: fixed, or Spinnaker's cadence of every second for a minute, then every 15 s. */
export function pollInterval(setting: StageConfig['pollInterval'], monitoringMs: number): number {
  if (setting !== 'auto') return setting
  return monitoringMs < FIRST_MINUTE_MS ? 1_000 : 15_000
}

export function describeCadence(setting: StageConfig['pollInterval']): string {
  return setting === 'auto' ? 'every 1s for the first minute, then every 15s' : `every ${formatDuration(setting)}`
}

export interface Outcome {
  status: FinalStatus
  reason: string
}

/** Polls `state.statusUrl` until the remote job reports a final status. */
export async function monitor(ctx: StageContext, state: StageState): Promise<Outcome> {
  const { config, timeline } = ctx
  const statusUrl = state.statusUrl as URL
  const withCredentials =
    config.statusHeaders === 'always' ||
    (config.statusHeaders === 'same-origin' && statusUrl.origin === config.webhook.url.origin)
  const heldBack =
    !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined)

  if (config.waitBeforeMonitorMs > 0) {
    timeline.record('wait', `waiting ${formatDuration(config.waitBeforeMonitorMs)} before the first poll`)
    await sleep(config.waitBeforeMonitorMs, ctx.cancelled)
  }

  const started = timeline.now()
  state.monitorStartedAt = started
  const deadline = AbortSignal.timeout(config.timeoutMs)
  const stop = AbortSignal.any([ctx.cancelled, deadline])
  const request = requestFor(
    ctx,
    { method: 'GET', url: statusUrl, authorization: config.webhook.authorization },
    {
      withCredentials,
      timeoutMs: config.requestTimeoutMs,
      signal: stop
    }
  )
  timeline.record(
    'note',
    `polling ${describeCadence(config.pollInterval)}, for at most ${formatDuration(config.timeoutMs)}` +
      (heldBack ? `; headers held back (status-headers: ${config.statusHeaders})` : '')
  )

  const timedOut = (): StageFailure =>
    new StageFailure(
      `timed out after ${formatDuration(config.timeoutMs)} of polling (${state.polls} polls; ` +
        `${state.lastStatus === undefined ? 'no status yet' : `last status ${showStatus(ctx, state.lastStatus)}`})`,
      true
    )
  const remaining = (): number => config.timeoutMs - (timeline.now() - started)
  const failures = new PollFailures(ctx, state)
  const codeRules = { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes }
  for (;;) {
    // A poll may not outlast the timeout: then its deadline is the timeout's.
    request.timeoutMs = Math.min(config.requestTimeoutMs, remaining())
    const cutShort = request.timeoutMs < config.requestTimeoutMs
    state.polls++
    let answer: HttpAnswer | undefined
    let failure: string | undefined
    let retryAfterMs: number | undefined
    try {
      answer = await send(request)
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error
      if (ctx.cancelled.aborted) throw error
      if (deadline.aborted || remaining() <= 0 || (cutShort && error.deadlinePassed)) throw timedOut()
      if (!isTransientFailure(error.kind, 'GET'))
        throw new StageFailure(`polling the status URL failed: ${error.message}`, true)
      failure = error.message
    }

    if (answer) {
      const answered = `the status URL answered ${describeCode(answer)}`
      switch (judgeStatusCode(answer.code, 'poll', codeRules)) {
        case 'transient':
          failure = answered
          retryAfterMs = retryAfterDelay(answer.headers['retry-after'], Date.now())
          break
        case 'rejected': {
          const why = config.statusHeaders === 'never' ? 'status-headers is never' : 'it is on another origin than url'
          const hint =
            heldBack && (answer.code === 401 || answer.code === 403)
              ? `; your headers were not sent to it because ${why} (set status-headers: always to send them)`
              : ''
          throw new StageFailure(`${answered}${hint}${bodySnippet(ctx, { payload: readPayload(answer.body) })}`, true)
        }
        default: {
          failures.answered()
          const outcome = readAnswer(ctx, state, readPayload(answer.body), answer.code, answered)
          if (outcome) return outcome
        }
      }
    }

    let wait = pollInterval(config.pollInterval, timeline.now() - started)
    if (failure !== undefined) {
      failures.failed(failure)
      // Polling keeps its cadence through failures, as in Spinnaker; Retry-After may lengthen a wait.
      if (retryAfterMs !== undefined) wait = Math.max(wait, retryAfterWait(retryAfterMs))
    }
    if (timeline.now() - timeline.lastReportedAt >= HEARTBEAT_MS) {
      const status = state.lastStatus === undefined ? 'waiting' : showStatus(ctx, state.lastStatus)
      timeline.heartbeat(`still ${status} after ${formatDuration(timeline.now() - started)} (${state.polls} polls)`)
    }
    // Never wait past the timeout: the last wait is cut short and ends the stage.
    try {
      await sleep(Math.min(wait, remaining()), stop)
    } catch (error) {
      if (ctx.cancelled.aborted) throw error
    }
    if (deadline.aborted || remaining() <= 0) throw timedOut()
  }
}

/** Reads one poll's answer (2xx or 3xx): build info, status and progress. An outcome ends the wait. */
function readAnswer(
  ctx: StageContext,
  state: StageState,
  payload: Payload,
  code: number,
  answered: string
): Outcome | undefined {
  const { config, timeline, secrets } = ctx
  state.buildInfo = payload
  const document = documentOf(payload)
  const path = config.statusJsonPath
  const reading = path ? readStatus(search('status-json-path', path, document), config.statuses) : undefined
  if (reading?.kind === 'unusable') {
    const what = payload.isJson
      ? ''
      : payload.bytes === 0
        ? ' (the answer is empty)'
        : ` (the answer is not JSON${bodySnippet(ctx, { payload })})`
    throw new StageFailure(
      `status-json-path ${path?.source} found ${reading.found} in the status URL's answer${what}`,
      true
    )
  }
  if (reading && reading.value !== state.lastStatus) {
    state.lastStatus = reading.value
    timeline.record('status', `status ${showStatus(ctx, reading.value)}${reading.percent !== undefined ? '%' : ''}`)
  }
  if (reading?.percent !== undefined) state.percentComplete = reading.percent

  // A progress path that finds nothing is no progress, never a failure.
  let progress: unknown[] = []
  try {
    if (config.progressJsonPath) progress = findAll(config.progressJsonPath, document)
  } catch (error) {
    if (!(error instanceof JsonPathLimitError)) throw error
    timeline.record('note', `progress-json-path ${error.message}; no progress is shown`, 'warning')
  }
  if (progress.length > 0) {
    const message = showValue(progress.length === 1 ? progress[0] : progress)
    if (message !== state.progress) {
      state.progress = message
      timeline.record('progress', `progress: ${defuse(secrets.redact(message))}`)
    }
  }

  // Without a status path, the first 2xx answer is the job's success (a 3xx is not yet).
  if (!reading) return code < 300 ? { status: 'SUCCEEDED', reason: answered } : undefined
  if (reading.kind === 'final')
    return { status: reading.status, reason: `the remote job reported ${showStatus(ctx, reading.value)}` }
  return undefined
}

/** What a path finds; a path too costly to evaluate stops the wait (TERMINAL). */
function search(input: string, path: JsonPath, document: unknown): unknown[] {
  try {
    return findAll(path, document)
  } catch (error) {
    if (error instanceof JsonPathLimitError) throw new StageFailure(`${input} ${error.message}`, true)
    throw error
  }
}

/** A status value as the log and messages show it: one line, redacted, cut. */
function showStatus(ctx: StageContext, value: string): string {
  return defuse(ctx.secrets.redact(value), 100)
}

/**
 * Transient poll failures: a warning for each new kind, counts for the summary, and a line when
 * an outage of a minute or more ends. A status URL failing every third poll logs one warning,
 * not two lines a failure.
 */
class PollFailures {
  private streak = 0
  private streakStartedAt = 0

  constructor(
    private readonly ctx: StageContext,
    private readonly state: StageState
  ) {}

  failed(description: string): void {
    const { timeline } = this.ctx
    if (this.streak++ === 0) this.streakStartedAt = timeline.now()
    const counts = (this.state.pollFailures ??= new Map())
    let kind = description
    if (!counts.has(kind)) {
      if (counts.size >= MAX_FAILURE_KINDS) kind = 'other failures'
      else timeline.record('poll-failure', `${description}; polling goes on`, 'warning')
    }
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }

  answered(): void {
    const { timeline } = this.ctx
    const outage = timeline.now() - this.streakStartedAt
    if (this.streak > 0 && outage >= LONG_OUTAGE_MS) {
      timeline.record(
        'recovered',
        `the status URL answers again after ${this.streak} failed polls in ${formatDuration(outage)}`
      )
    }
    this.streak = 0
  }
}
