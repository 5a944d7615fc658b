// One poll's answer, read as Spinnaker's WebhookResponseProcessor reads it: the build info, the
// status and what it maps to, the progress, and whether polling goes on. Reading is a pure
// function of the answer, the settings and the secrets; the monitor keeps only time.

import { documentOf, type Payload } from '../body.js'
import type { HttpAnswer } from '../http/exchange.js'
import { searchDocument, showFound, showValue, type JsonPath } from '../jsonpath/index.js'
import { defuse, MAX_VALUE_SHOWN, type Secrets } from '../redact.js'
import { bodySnippet, describeCode } from './describe.js'
import { judgeStatusCode, retryAfterDelay } from './retry.js'
import { readRateLimit, type RateLimit } from './rate-limit.js'
import type { StageConfig } from '../settings.js'
import type { StageContext, StageState } from '../stage.js'
import { readStatus, type FinalStatus } from '../status.js'

export interface Outcome {
  status: FinalStatus
  reason: string
}

export interface PollRules {
  settings: Pick<
    StageConfig,
    | 'statusJsonPath'
    | 'statuses'
    | 'missingStatus'
    | 'progressJsonPath'
    | 'failFastStatusCodes'
    | 'retryStatusCodes'
    | 'statusHeaders'
    | 'statusUrlHeader'
    | 'pollRetryLimits'
    | 'errorJsonPath'
  >
  secrets: Secrets
  /** The user's headers were not sent to the status URL (status-headers). */
  headersHeldBack: boolean
}

/** What earlier polls got: a `304 Not Modified` repeats the last answer. */
export interface PollHistory {
  previous?: { code: number; buildInfo: Payload }
  /** How often polls answered with each code of poll-retry-limits were retried so far. */
  limitedRetries: ReadonlyMap<number, number>
}

export type PollReading =
  /** Polling goes on after a failure that may pass. */
  | { kind: 'transient'; failure: string; retryAfterMs?: number; limitedCode?: number; rateLimit?: RateLimit }
  /**
   * Waiting stops without a final status from the remote job: TERMINAL, and the cancel call.
   * `buildInfo`: the answer was 2xx or 3xx, so it is the build info all the same.
   */
  | { kind: 'stopped'; failure: string; buildInfo?: Payload }
  | {
      kind: 'answered'
      /** The code that counts: a 304's is the previous answer's. */
      code: number
      buildInfo: Payload
      status?: { value: string; percent?: number }
      /** missing-status: running, and the status path found this (nothing, null): no status yet. */
      statusMissing?: string
      progress?: string
      /** Something the user should know, that does not stop polling. */
      warning?: string
      /** The wait ends with this. */
      outcome?: Outcome
      /** Where the following polls go: the status-url-header of a 202 (as written, to resolve). */
      movedTo?: string
      /** How long the server asks to wait before the next poll (Retry-After on a poll that goes on). */
      retryAfterMs?: number
    }

/**
 * Reads one poll's answer. A 202 means the work still runs, whatever its body, unless the status
 * path finds a final status there; a 303 that led to a 2xx result means the work is done; a 304
 * repeats `previous`. `payload` is the answer's body, read once. `now` is for Retry-After dates.
 */
export function readPoll(
  answer: HttpAnswer,
  payload: Payload,
  rules: PollRules,
  history: PollHistory = { limitedRetries: new Map() },
  now = Date.now()
): PollReading {
  const { previous } = history
  const { settings, secrets } = rules
  const answered = (): string =>
    answer.seeOther
      ? `the status URL led (303 See Other) to its result, which answered ${describeCode(answer)}`
      : `the status URL answered ${describeCode(answer)}`
  const rateLimit = readRateLimit(answer.code, answer.headers, now)
  const retryAfterMs = rateLimit ? rateLimit.waitMs : retryAfterDelay(answer.headers['retry-after'], now)
  // poll-retry-limits overrides every other rule for its codes, as Orca's retries map does.
  const limit = settings.pollRetryLimits.get(answer.code)
  if (limit !== undefined) {
    if ((history.limitedRetries.get(answer.code) ?? 0) < limit) {
      return { kind: 'transient', failure: answered(), retryAfterMs, limitedCode: answer.code, rateLimit }
    }
    const why = limit === 0 ? 'which poll-retry-limits never retries' : `after ${limit} retries (poll-retry-limits)`
    return { kind: 'stopped', failure: `${answered()}, ${why}${bodySnippet(secrets, payload)}` }
  }
  const codeRules = { failFast: settings.failFastStatusCodes, retry: settings.retryStatusCodes }
  switch (judgeStatusCode(answer.code, 'poll', codeRules, rateLimit !== undefined)) {
    case 'transient':
      return { kind: 'transient', failure: answered(), retryAfterMs, rateLimit }
    case 'rejected':
    case 'fail-fast': {
      const snippet = bodySnippet(secrets, payload)
      return { kind: 'stopped', failure: `${answered()}${heldBackHint(answer.code, rules)}${snippet}` }
    }
  }

  const notModified = answer.code === 304 && previous !== undefined
  const code = notModified ? previous.code : answer.code
  const buildInfo = notModified ? previous.buildInfo : payload
  const running = code === 202 && !answer.seeOther
  const document = documentOf(buildInfo)
  const path = settings.statusJsonPath
  const search = path ? searchDocument(path, document) : { found: [] }
  if ('unsearchable' in search)
    return { kind: 'stopped', failure: `status-json-path ${search.unsearchable}`, buildInfo }
  let reading = path ? readStatus(search.found, settings.statuses, settings.missingStatus) : undefined
  const statusMissing = reading?.kind === 'not-yet' ? reading.found : undefined
  // A 202's body may say nothing of the status yet, a result may carry none, and a 304 with no
  // earlier answer to repeat has nothing to read: none of them is an error.
  const nothingToReadYet = running || answer.seeOther || (answer.code === 304 && previous === undefined)
  if (reading?.kind === 'not-yet' || (reading?.kind === 'unusable' && nothingToReadYet)) reading = undefined
  if (reading?.kind === 'unusable') {
    const what = buildInfo.isJson
      ? ''
      : buildInfo.bytes === 0
        ? ' (the answer is empty)'
        : ` (the answer is not JSON${bodySnippet(secrets, buildInfo)})`
    return {
      kind: 'stopped',
      failure: `status-json-path ${path?.source} found ${reading.found} in the status URL's answer${what}`,
      buildInfo
    }
  }

  const { progress, warning } = readProgress(settings.progressJsonPath, document)
  const status = reading && { value: reading.value, percent: reading.percent }
  let outcome: Outcome | undefined
  if (reading?.kind === 'final' && !(answer.seeOther && reading.status === 'SUCCEEDED')) {
    const why = reading.status === 'SUCCEEDED' ? '' : remoteReason(settings.errorJsonPath, document)
    outcome = { status: reading.status, reason: `the remote job reported ${showStatus(secrets, reading.value)}${why}` }
  } else if (answer.seeOther && code < 300) {
    outcome = { status: 'SUCCEEDED', reason: answered() }
  } else if (!path && code < 300 && !running) {
    // Without a status path, the first 2xx answer other than 202 is the job's success.
    outcome = { status: 'SUCCEEDED', reason: answered() }
  }
  if (outcome) return { kind: 'answered', code, buildInfo, status, progress, warning, outcome }
  const moved = running ? answer.headers[settings.statusUrlHeader.toLowerCase()] : undefined
  return {
    kind: 'answered',
    code,
    buildInfo,
    status,
    statusMissing,
    progress,
    warning,
    movedTo: Array.isArray(moved) ? moved[0] : moved,
    retryAfterMs: retryAfterDelay(answer.headers['retry-after'], now)
  }
}

/** The remote job's own words for why it failed (error-json-path): `: <text>`, or nothing. */
function remoteReason(path: JsonPath | undefined, document: unknown): string {
  if (!path) return ''
  const search = searchDocument(path, document)
  return 'found' in search && search.found.length > 0 ? `: ${showValue(showFound(search.found))}` : ''
}

/** A progress path that finds nothing is no progress, never a failure. */
function readProgress(path: JsonPath | undefined, document: unknown): { progress?: string; warning?: string } {
  if (!path) return {}
  const search = searchDocument(path, document)
  if ('unsearchable' in search) return { warning: `progress-json-path ${search.unsearchable}; no progress is shown` }
  return search.found.length === 0 ? {} : { progress: showValue(showFound(search.found)) }
}

function heldBackHint(code: number, { settings, headersHeldBack }: PollRules): string {
  if (!headersHeldBack || (code !== 401 && code !== 403)) return ''
  const why = settings.statusHeaders === 'never' ? 'status-headers is never' : 'it is on another origin than url'
  return `; your headers were not sent to it because ${why} (set status-headers: always to send them)`
}

/** Keeps what a poll's answer says in the stage's state, and records what changed. */
export function recordReading(
  ctx: StageContext,
  state: StageState,
  reading: Extract<PollReading, { kind: 'answered' }>
): void {
  const { timeline, secrets } = ctx
  state.buildInfo = reading.buildInfo
  if (reading.status && reading.status.value !== state.lastStatus) {
    state.lastStatus = reading.status.value
    const shown = `${showStatus(secrets, reading.status.value)}${reading.status.percent !== undefined ? '%' : ''}`
    timeline.record('status', `status ${shown}`, 'info', { subject: shown })
  }
  if (reading.statusMissing !== undefined && !state.statusMissing) {
    const path = ctx.config.statusJsonPath?.source
    timeline.record('note', `no status yet: status-json-path ${path} found ${reading.statusMissing}; polling goes on`)
  }
  state.statusMissing = reading.statusMissing !== undefined
  if (reading.status?.percent !== undefined) state.percentComplete = reading.status.percent
  if (reading.progress !== undefined && reading.progress !== state.progress) {
    state.progress = reading.progress
    const shown = defuse(secrets.redact(reading.progress))
    timeline.record('progress', `progress: ${shown}`, 'info', { subject: shown })
  }
  if (reading.warning) timeline.record('note', reading.warning, 'warning')
}

/** A status value as the log and messages show it: one line, redacted, cut. */
export function showStatus(secrets: Secrets, value: string): string {
  return defuse(secrets.redact(value), MAX_VALUE_SHOWN)
}
