// Monitoring, as Spinnaker's MonitorWebhookTask: poll the status URL with GET until the status
// maps to SUCCEEDED, CANCELED or TERMINAL, or the timeout passes. The log hears of changes only,
// plus a heartbeat at most once a minute.

import { formatDuration } from '../formats.js'
import type { IncomingHttpHeaders } from 'node:http'
import { ExchangeError, type HttpAnswer, type HttpRequest } from '../http/exchange.js'
import { readPoll, recordReading, showStatus, type Outcome, type PollHistory, type PollRules } from './poll.js'
import { describeCadence, nextWait } from './cadence.js'
import { isTransientFailure, retryAfterDelay } from './retry.js'
import { RateLimitNotes } from './rate-limit.js'
import { debugAnswer } from './describe.js'
import { exchange, maskSecretsIn, pollRequest } from './request.js'
import { readPayload } from '../body.js'
import type { StageConfig } from '../settings.js'
import { sleep, StageFailure, type StageContext, type StageState } from '../stage.js'
import { ServerUrlError, urlFromServer } from '../url-from-server.js'

const HEARTBEAT_MS = 60_000
/** An outage this long is worth a line when it ends. */
const LONG_OUTAGE_MS = 60_000
/** Kinds of poll failure counted apart; more are counted together. */
const MAX_FAILURE_KINDS = 10

/** What one poll came to, for the loop that keeps time. */
type PollStep =
  | { kind: 'final'; outcome: Outcome }
  | { kind: 'failed'; failure: string; retryAfterMs?: number }
  | { kind: 'going-on'; askedMs?: number }

/** Everything one wait shares between its polls. */
interface Polling {
  target: PollTarget
  /** The moved status URLs refused, each warned of once (the first MAX_REFUSED_MOVES of them). */
  readonly refusedMoves: Set<string>
  readonly history: { previous?: PollHistory['previous']; limitedRetries: Map<number, number> }
  readonly failures: PollFailures
  readonly rateLimits: RateLimitNotes
  readonly deadline: AbortSignal
  /** The runner's cancel or the timeout. */
  readonly stop: AbortSignal
  remaining(): number
  timedOut(): StageFailure
}

/** A server naming a new refused status URL at every poll gets no more warnings than this. */
const MAX_REFUSED_MOVES = 10

/** Polls `state.statusUrl` until the remote job reports a final status. */
export async function monitor(ctx: StageContext, state: StageState): Promise<Outcome> {
  const { config, timeline } = ctx
  await waitBeforeMonitoring(ctx, state)
  const started = timeline.now()
  state.monitorStartedAt = started
  const deadline = AbortSignal.timeout(config.timeoutMs)
  const stop = AbortSignal.any([ctx.cancelled, deadline])
  const polling: Polling = {
    target: pollTarget(ctx, state.statusUrl as URL, stop),
    history: { limitedRetries: new Map() },
    failures: new PollFailures(ctx, state),
    rateLimits: new RateLimitNotes(timeline),
    refusedMoves: new Set(),
    deadline,
    stop,
    remaining: () => config.timeoutMs - (timeline.now() - started),
    timedOut: () =>
      new StageFailure(
        `timed out after ${formatDuration(config.timeoutMs)} of polling (${state.polls} polls; ` +
          `${state.lastStatus === undefined ? 'no status yet' : `last status ${showStatus(ctx.secrets, state.lastStatus)}`})`,
        true
      )
  }
  timeline.record(
    'note',
    `polling ${describeCadence(config.pollInterval)}, for at most ${formatDuration(config.timeoutMs)}` +
      (polling.target.headersHeldBack ? `; headers held back (status-headers: ${config.statusHeaders})` : '')
  )
  for (;;) {
    const step = await pollOnce(ctx, state, polling)
    if (step.kind === 'final') return step.outcome
    if (step.kind === 'failed') polling.failures.failed(step.failure)
    const { waitMs, serverWaitMs } = nextWait(config.pollInterval, timeline.now() - started, step, polling.remaining())
    if (serverWaitMs !== undefined) {
      const waits = (state.serverWaits ??= { count: 0, ms: 0 })
      waits.count++
      waits.ms += serverWaitMs
    }
    heartbeat(ctx, state, started)
    await sleepUntilNextPoll(ctx, polling, waitMs)
  }
}

async function waitBeforeMonitoring(ctx: StageContext, state: StageState): Promise<void> {
  const { config, timeline } = ctx
  const firstWait = waitBeforeFirstPoll(config, state)
  if (firstWait <= 0) return
  const asked = firstWait > config.waitBeforeMonitorMs ? ' as Retry-After asks' : ''
  timeline.record('wait', `waiting ${formatDuration(firstWait)} before the first poll${asked}`)
  await sleep(firstWait, ctx.cancelled)
}

/** One GET of the status URL, within what is left of the timeout. */
async function pollOnce(ctx: StageContext, state: StageState, polling: Polling): Promise<PollStep> {
  const { config } = ctx
  const { request } = polling.target
  // A poll may not outlast the timeout: then its deadline is the timeout's.
  request.timeoutMs = Math.min(config.requestTimeoutMs, polling.remaining())
  const cutShort = request.timeoutMs < config.requestTimeoutMs
  state.polls++
  let answer: HttpAnswer
  try {
    answer = await exchange(ctx, request, true)
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error
    if (ctx.cancelled.aborted) throw error
    if (polling.deadline.aborted || polling.remaining() <= 0 || (cutShort && error.deadlinePassed)) {
      throw polling.timedOut()
    }
    if (!isTransientFailure(error.kind, 'GET')) {
      throw new StageFailure(`polling the status URL failed: ${error.message}`, true)
    }
    return { kind: 'failed', failure: error.message }
  }
  return readAnswer(ctx, state, polling, answer)
}

/** What a poll's answer means for the wait, and what it changes: status, validators, the URL polled. */
function readAnswer(ctx: StageContext, state: StageState, polling: Polling, answer: HttpAnswer): PollStep {
  const { request, rules, validators } = polling.target
  const payload = readPayload(answer.body)
  // Before anything that holds the body is logged.
  try {
    maskSecretsIn(ctx, payload, true)
  } catch (error) {
    // An answer that cannot be masked ends the wait; its exchange still has its debug line.
    debugAnswer(ctx, request, answer)
    throw error
  }
  state.lastPoll = { code: answer.code, headers: answer.headers }
  const reading = readPoll(answer, payload, rules, polling.history)
  debugAnswer(ctx, request, answer, reading.kind === 'answered' ? reading.status?.value : undefined)
  if (reading.kind === 'stopped') {
    if (reading.buildInfo) state.buildInfo = reading.buildInfo
    throw new StageFailure(reading.failure, true)
  }
  const transient = reading.kind === 'transient' ? reading : undefined
  polling.rateLimits.heard(transient?.rateLimit, transient?.failure ?? '')
  if (reading.kind === 'transient') {
    const code = reading.limitedCode
    const retries = polling.history.limitedRetries
    if (code !== undefined) retries.set(code, (retries.get(code) ?? 0) + 1)
    return { kind: 'failed', failure: reading.failure, retryAfterMs: reading.retryAfterMs }
  }
  polling.failures.answered()
  recordReading(ctx, state, reading)
  if (reading.outcome) return { kind: 'final', outcome: reading.outcome }
  polling.history.previous = { code: reading.code, buildInfo: reading.buildInfo }
  validators.keep(answer.headers)
  if (reading.movedTo !== undefined) {
    const moved = movePolling(ctx, state, polling, reading.movedTo, answer.url)
    if (moved.href !== request.url.href) polling.target = pollTarget(ctx, moved, polling.stop)
  }
  return { kind: 'going-on', askedMs: reading.retryAfterMs }
}

function heartbeat(ctx: StageContext, state: StageState, started: number): void {
  const { timeline } = ctx
  if (timeline.now() - timeline.lastReportedAt < HEARTBEAT_MS) return
  const status = state.lastStatus === undefined ? 'waiting' : showStatus(ctx.secrets, state.lastStatus)
  timeline.heartbeat(`still ${status} after ${formatDuration(timeline.now() - started)} (${state.polls} polls)`)
}

/**
 * Never waits past the timeout: a wait that would reach it is the last one, and ends the stage
 * (a timer may fire a hair early, which must not buy one more poll).
 */
async function sleepUntilNextPoll(ctx: StageContext, polling: Polling, waitMs: number): Promise<void> {
  const left = polling.remaining()
  try {
    await sleep(Math.min(waitMs, left), polling.stop)
  } catch (error) {
    if (ctx.cancelled.aborted) throw error
  }
  if (waitMs >= left || polling.deadline.aborted || polling.remaining() <= 0) throw polling.timedOut()
}

/** wait-before-monitor, or longer when the webhook's 202 asks it with Retry-After (at most 5 minutes). */
function waitBeforeFirstPoll(config: StageConfig, state: StageState): number {
  const call = state.webhook
  const asked = call?.code === 202 ? retryAfterDelay(call.headers['retry-after'], Date.now()) : undefined
  return Math.max(config.waitBeforeMonitorMs, asked ?? 0)
}

type PollTarget = ReturnType<typeof pollTarget>

/** The request that polls `url`, and what goes with it; made anew when polling moves. */
function pollTarget(ctx: StageContext, url: URL, signal: AbortSignal) {
  const { request, headersHeldBack } = pollRequest(ctx, url, signal)
  const rules: PollRules = { settings: ctx.config, secrets: ctx.secrets, headersHeldBack }
  return { request, rules, headersHeldBack, validators: new Validators(request) }
}

/**
 * The status URL a 202 names, resolved against the URL polled; its user info is never used and
 * never shown. A value that is not an http(s) URL leaves polling where it is, with a warning.
 */
function movePolling(ctx: StageContext, state: StageState, polling: Polling, written: string, current: URL): URL {
  const { secrets, timeline, config } = ctx
  let next: URL
  try {
    next = urlFromServer(written, current, secrets, `the status URL's ${config.statusUrlHeader}`)
  } catch (error) {
    if (!(error instanceof ServerUrlError)) throw error
    // Every 202 may name it again: one warning a value, not one a poll; and no more than a few.
    const { refusedMoves } = polling
    if (!refusedMoves.has(written) && refusedMoves.size < MAX_REFUSED_MOVES) {
      refusedMoves.add(written)
      timeline.record('note', `${error.message}; polling stays`, 'warning')
    }
    return current
  }
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
