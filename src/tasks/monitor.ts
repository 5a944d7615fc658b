// Monitoring, as Spinnaker's MonitorWebhookTask: poll the status URL with GET until the status
// maps to SUCCEEDED, CANCELED or TERMINAL, or the timeout passes. The log hears of changes only,
// plus a heartbeat at most once a minute.

import { formatDuration } from '../formats.js'
import type { IncomingHttpHeaders } from 'node:http'
import { ExchangeError, type HttpRequest } from '../http/exchange.js'
import { readPoll, recordReading, showStatus, type Outcome, type PollRules, type PollHistory } from './poll.js'
import { isTransientFailure, retryAfterDelay, retryAfterWait } from './retry.js'
import { debugExchange, exchange, maskSecretsIn, requestFor } from './request.js'
import { readPayload } from '../body.js'
import type { StageConfig } from '../settings.js'
import { sleep, StageFailure, type StageContext, type StageState } from '../stage.js'

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

/** Polls `state.statusUrl` until the remote job reports a final status. */
export async function monitor(ctx: StageContext, state: StageState): Promise<Outcome> {
  const { config, timeline } = ctx
  const firstWait = waitBeforeFirstPoll(config, state)
  if (firstWait > 0) {
    const asked = firstWait > config.waitBeforeMonitorMs ? ' as Retry-After asks' : ''
    timeline.record('wait', `waiting ${formatDuration(firstWait)} before the first poll${asked}`)
    await sleep(firstWait, ctx.cancelled)
  }

  const started = timeline.now()
  state.monitorStartedAt = started
  const deadline = AbortSignal.timeout(config.timeoutMs)
  const stop = AbortSignal.any([ctx.cancelled, deadline])
  let target = pollTarget(ctx, state.statusUrl as URL, stop)
  timeline.record(
    'note',
    `polling ${describeCadence(config.pollInterval)}, for at most ${formatDuration(config.timeoutMs)}` +
      (target.headersHeldBack ? `; headers held back (status-headers: ${config.statusHeaders})` : '')
  )

  const timedOut = (): StageFailure =>
    new StageFailure(
      `timed out after ${formatDuration(config.timeoutMs)} of polling (${state.polls} polls; ` +
        `${state.lastStatus === undefined ? 'no status yet' : `last status ${showStatus(ctx.secrets, state.lastStatus)}`})`,
      true
    )
  const remaining = (): number => config.timeoutMs - (timeline.now() - started)
  const failures = new PollFailures(ctx, state)
  const history: { previous?: PollHistory['previous']; limitedRetries: Map<number, number> } = {
    limitedRetries: new Map()
  }
  for (;;) {
    const { request } = target
    // A poll may not outlast the timeout: then its deadline is the timeout's.
    request.timeoutMs = Math.min(config.requestTimeoutMs, remaining())
    const cutShort = request.timeoutMs < config.requestTimeoutMs
    state.polls++
    let failure: string | undefined
    let retryAfterMs: number | undefined
    let askedMs: number | undefined
    const startedAt = performance.now()
    try {
      const answer = await exchange(ctx, request, true)
      const payload = readPayload(answer.body)
      // Before anything that holds the body is logged.
      maskSecretsIn(ctx, payload)
      state.lastPoll = { code: answer.code, headers: answer.headers }
      const reading = readPoll(answer, payload, target.rules, history)
      debugExchange(ctx, request, startedAt, answer, reading.kind === 'answered' ? reading.status?.value : undefined)
      if (reading.kind === 'stopped') throw new StageFailure(reading.failure, true)
      if (reading.kind === 'transient') {
        ;({ failure, retryAfterMs } = reading)
        const code = reading.limitedCode
        if (code !== undefined) history.limitedRetries.set(code, (history.limitedRetries.get(code) ?? 0) + 1)
      } else {
        failures.answered()
        recordReading(ctx, state, reading)
        if (reading.outcome) return reading.outcome
        history.previous = { code: reading.code, buildInfo: reading.buildInfo }
        target.validators.keep(answer.headers)
        askedMs = reading.retryAfterMs
        if (reading.movedTo !== undefined) {
          const moved = movePolling(ctx, state, reading.movedTo, answer.url)
          if (moved.href !== request.url.href) target = pollTarget(ctx, moved, stop)
        }
      }
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error
      debugExchange(ctx, request, startedAt, error)
      if (ctx.cancelled.aborted) throw error
      if (deadline.aborted || remaining() <= 0 || (cutShort && error.deadlinePassed)) throw timedOut()
      if (!isTransientFailure(error.kind, 'GET')) {
        throw new StageFailure(`polling the status URL failed: ${error.message}`, true)
      }
      failure = error.message
    }

    let wait = pollInterval(config.pollInterval, timeline.now() - started)
    if (failure !== undefined) {
      failures.failed(failure)
      // Polling keeps its cadence through failures, as in Spinnaker; Retry-After may lengthen a wait.
      if (retryAfterMs !== undefined) wait = Math.max(wait, retryAfterWait(retryAfterMs))
    } else if (askedMs !== undefined && askedMs > wait) {
      // The server says when to ask again: a longer wait saves polls, a shorter one is not taken.
      const waits = (state.serverWaits ??= { count: 0, ms: 0 })
      waits.count++
      waits.ms += Math.min(askedMs, remaining())
      wait = askedMs
    }
    if (timeline.now() - timeline.lastReportedAt >= HEARTBEAT_MS) {
      const status = state.lastStatus === undefined ? 'waiting' : showStatus(ctx.secrets, state.lastStatus)
      timeline.heartbeat(`still ${status} after ${formatDuration(timeline.now() - started)} (${state.polls} polls)`)
    }
    // Never wait past the timeout: a wait that would reach it is the last one, and ends the stage
    // (a timer may fire a hair early, which must not buy one more poll).
    const left = remaining()
    try {
      await sleep(Math.min(wait, left), stop)
    } catch (error) {
      if (ctx.cancelled.aborted) throw error
    }
    if (wait >= left || deadline.aborted || remaining() <= 0) throw timedOut()
  }
}

/** wait-before-monitor, or longer when the webhook's 202 asks it with Retry-After (at most 5 minutes). */
function waitBeforeFirstPoll(config: StageConfig, state: StageState): number {
  const call = state.webhook
  const asked = call?.code === 202 ? retryAfterDelay(call.headers['retry-after'], Date.now()) : undefined
  return Math.max(config.waitBeforeMonitorMs, asked ?? 0)
}

/** The request that polls `url`, and what goes with it; made anew when polling moves. */
function pollTarget(ctx: StageContext, url: URL, signal: AbortSignal) {
  const { config } = ctx
  const withCredentials =
    config.statusHeaders === 'always' ||
    (config.statusHeaders === 'same-origin' && url.origin === config.webhook.url.origin)
  const headersHeldBack =
    !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined)
  const request = requestFor(
    ctx,
    { method: 'GET', url, authorization: config.webhook.authorization },
    { withCredentials, timeoutMs: config.requestTimeoutMs, signal }
  )
  const rules: PollRules = { settings: config, secrets: ctx.secrets, headersHeldBack }
  return { request, rules, headersHeldBack, validators: new Validators(request) }
}

/**
 * The status URL a 202 names, resolved against the URL polled; its user info is never used and
 * never shown. A value that is not an http(s) URL leaves polling where it is, with a warning.
 */
function movePolling(ctx: StageContext, state: StageState, written: string, current: URL): URL {
  const { secrets, timeline, config } = ctx
  let next: URL
  try {
    next = new URL(written, current)
  } catch {
    timeline.record('note', `the status URL's ${config.statusUrlHeader} is not a URL; polling stays`, 'warning')
    return current
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return current
  secrets.addUserInfo(next)
  next.username = ''
  next.password = ''
  if (next.href !== current.href) {
    state.statusUrl = next
    timeline.record('status-url', `polling moves to ${secrets.showUrl(next)}`)
  }
  return next
}

/**
 * Conditional polls: the last ETag (or Last-Modified) a poll's answer carried is sent back as
 * If-None-Match (or If-Modified-Since), so an unchanged status costs the server a 304.
 */
class Validators {
  constructor(private readonly request: HttpRequest) {}

  keep(headers: IncomingHttpHeaders): void {
    const etag = headers.etag
    const lastModified = headers['last-modified']
    if (etag) {
      this.request.headers['If-None-Match'] = etag
      delete this.request.headers['If-Modified-Since']
    } else if (lastModified) {
      this.request.headers['If-Modified-Since'] = lastModified
      delete this.request.headers['If-None-Match']
    }
  }
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
