// Monitoring, as Spinnaker's MonitorWebhookTask: poll the status URL with GET until the status
// maps to SUCCEEDED, CANCELED or TERMINAL, or the timeout passes. The log hears of changes only,
// plus a heartbeat at most once a minute.

import { documentOf, readPayload, type Payload } from './body.js'
import { formatDuration } from './formats.js'
import { ExchangeError, send, type HttpAnswer } from './http.js'
import type { StageConfig } from './inputs.js'
import { findAll, showValue } from './jsonpath.js'
import { defuse } from './redact.js'
import { isTransientFailure, judgeStatusCode, retryAfterDelay, withJitter } from './retry.js'
import { requestFor, sleep, StageFailure, type StageContext, type StageState } from './stage.js'
import { readStatus, type FinalStatus } from './status.js'
import { bodySnippet, describeCode } from './webhook.js'

const FIRST_MINUTE_MS = 60_000
const HEARTBEAT_MS = 60_000

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
    config.statusHeaders === 'always' || (config.statusHeaders === 'same-origin' && statusUrl.origin === config.webhook.url.origin)
  const heldBack = !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined)

  if (config.waitBeforeMonitorMs > 0) {
    timeline.record('wait', `waiting ${formatDuration(config.waitBeforeMonitorMs)} before the first poll`)
    await sleep(config.waitBeforeMonitorMs, ctx.cancelled)
  }

  const started = timeline.now()
  state.monitorStartedAt = started
  const deadline = AbortSignal.timeout(config.timeoutMs)
  const stop = AbortSignal.any([ctx.cancelled, deadline])
  const request = requestFor(ctx, { method: 'GET', url: statusUrl, authorization: config.webhook.authorization }, {
    withCredentials,
    timeoutMs: config.requestTimeoutMs,
    signal: stop
  })
  timeline.record(
    'note',
    `polling ${describeCadence(config.pollInterval)}, for at most ${formatDuration(config.timeoutMs)}` +
      (heldBack ? `; headers held back (status-headers: ${config.statusHeaders})` : '')
  )

  const timedOut = (): StageFailure =>
    new StageFailure(
      `timed out after ${formatDuration(config.timeoutMs)} of polling (${state.polls} polls; ` +
        `${state.lastStatus === undefined ? 'no status yet' : `last status ${state.lastStatus}`})`,
      true
    )
  const remaining = (): number => config.timeoutMs - (timeline.now() - started)
  let failures = 0
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
      if (!isTransientFailure(error.kind, 'GET')) throw new StageFailure(`polling the status URL failed: ${error.message}`, true)
      failure = error.message
    }

    if (answer) {
      const answered = `the status URL answered ${describeCode(answer)}`
      switch (judgeStatusCode(answer.code, 'poll', { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes })) {
        case 'transient':
          failure = answered
          retryAfterMs = retryAfterDelay(answer.headers['retry-after'], Date.now())
          break
        case 'rejected': {
          const hint =
            heldBack && (answer.code === 401 || answer.code === 403)
              ? `; your headers were not sent to it because it is on another origin than url (set status-headers: always to send them)`
              : ''
          throw new StageFailure(`${answered}${hint}${bodySnippet(ctx, { payload: readPayload(answer.body) })}`, true)
        }
        default: {
          if (failures > 0) timeline.record('recovered', `the status URL answers again after ${failures} failed ${failures === 1 ? 'poll' : 'polls'}`)
          failures = 0
          const outcome = readAnswer(ctx, state, readPayload(answer.body), answered)
          if (outcome) return outcome
        }
      }
    }

    let wait = pollInterval(config.pollInterval, timeline.now() - started)
    if (failure !== undefined) {
      failures++
      timeline.record('poll-failure', `${failure}; polling goes on`, 'warning')
      // Polling keeps its cadence through failures, as in Spinnaker, unless the server asks for a pause.
      if (retryAfterMs !== undefined) wait = Math.max(wait, withJitter(retryAfterMs))
    }
    if (timeline.now() - timeline.lastReportedAt >= HEARTBEAT_MS) {
      timeline.heartbeat(
        `still ${state.lastStatus === undefined ? 'waiting' : state.lastStatus} after ${formatDuration(timeline.now() - started)} (${state.polls} polls)`
      )
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
function readAnswer(ctx: StageContext, state: StageState, payload: Payload, answered: string): Outcome | undefined {
  const { config, timeline, secrets } = ctx
  state.buildInfo = payload
  const document = documentOf(payload)
  const path = config.statusJsonPath
  const reading = path ? readStatus(findAll(path, document), config.statuses) : undefined
  if (reading?.kind === 'unusable') {
    const what = payload.isJson ? '' : payload.bytes === 0 ? ' (the answer is empty)' : ` (the answer is not JSON${bodySnippet(ctx, { payload })})`
    throw new StageFailure(`status-json-path ${path?.source} found ${reading.found} in the status URL's answer${what}`, true)
  }
  if (reading && reading.value !== state.lastStatus) {
    state.lastStatus = reading.value
    timeline.record('status', `status ${defuse(secrets.redact(reading.value), 100)}${reading.percent !== undefined ? '%' : ''}`)
  }
  if (reading?.percent !== undefined) state.percentComplete = reading.percent

  // A progress path that finds nothing is no progress, never a failure.
  const progress = config.progressJsonPath ? findAll(config.progressJsonPath, document) : []
  if (progress.length > 0) {
    const message = showValue(progress.length === 1 ? progress[0] : progress)
    if (message !== state.progress) {
      state.progress = message
      timeline.record('progress', `progress: ${defuse(secrets.redact(message))}`)
    }
  }

  if (!reading) return { status: 'SUCCEEDED', reason: answered }
  if (reading.kind === 'final') {
    return { status: reading.status, reason: `the remote job reported ${defuse(secrets.redact(reading.value), 100)}` }
  }
  return undefined
}
