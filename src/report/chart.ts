// The stage as a picture: a Mermaid gantt chart of the webhook call, the wait before monitoring,
// the stretches of polls with one status value (or progress message), and the cancel call.
// GitHub draws Mermaid in job summaries. A gantt label has no escaping at all (`:`, `;`, `#` and a
// newline end a bar, and a line that starts with a keyword is a statement), so text from a server
// is cut down to a few harmless characters and always follows a word of the action's own.

import type { Secrets } from '../redact.js'
import type { FinalStatus } from '../status.js'
import type { StageResult } from '../stage.js'
import type { Change, Changes, Phases } from '../timeline.js'

/** Bars in all; later stretches of polls are merged into one. */
export const MAX_BARS = 40
/** A label made from server text is cut to this many characters. */
export const MAX_LABEL = 40

/** A last bar under this share of the chart's span is a milestone. */
const MILESTONE_SHARE = 50

/** Mermaid's tags for the last bar, by the final status. */
const LAST_BAR_TAG: Record<FinalStatus, string> = { SUCCEEDED: 'done', TERMINAL: 'crit', CANCELED: 'active' }

export interface Bar {
  section: string
  label: string
  /** Milliseconds since the stage started. */
  from: number
  to: number
}

type Picture = Pick<StageResult, 'status' | 'elapsedMs' | 'monitorStartedAt' | 'polls' | 'webhook'>

/** The chart as a Markdown block, which GitHub draws. */
export function chartBlock(result: Picture, phases: Phases, secrets: Secrets): string[] {
  const bars = chartBars(result, phases, text => secrets.redact(text))
  // Mermaid's text holds no backticks (labels keep a few characters only): a plain fence holds it.
  return ['```mermaid', renderChart(result.status, bars), '```', '']
}

/** The chart's bars, in order; labels are as yet unsafe (see labelText). */
export function chartBars(result: Picture, phases: Phases, redact: (text: string) => string): Bar[] {
  const end = result.elapsedMs
  const { call, wait, cancelCall } = phases
  const pollsEnd = cancelCall?.from ?? end
  const bars: Bar[] = []
  if (call) {
    const { method = '', code = '' } = result.webhook ?? {}
    const retries = call.retries === 0 ? '' : `(${call.retries} ${call.retries === 1 ? 'retry' : 'retries'})`
    const to = call.to ?? wait?.from ?? result.monitorStartedAt ?? pollsEnd
    bars.push({ section: 'Webhook', label: `Webhook call ${method} ${code} ${retries}`, from: call.from, to })
  }
  if (wait) {
    const to = result.monitorStartedAt ?? pollsEnd
    bars.push({ section: 'Monitor', label: 'Wait before monitoring', from: wait.from, to })
  }
  if (result.monitorStartedAt !== undefined) {
    const budget = MAX_BARS - bars.length - (cancelCall ? 1 : 0)
    bars.push(...stretches(phases, result.monitorStartedAt, pollsEnd, result.polls, budget, redact))
  }
  if (cancelCall) bars.push({ section: 'Cancel', label: 'Cancel call', from: cancelCall.from, to: cancelCall.to })
  // A stage that stopped before any phase still shows how long it took.
  if (bars.length === 0) bars.push({ section: 'Webhook', label: 'Webhook stage', from: 0, to: end })
  return bars
}

/**
 * One bar per stretch of polls with the same status value, or with no status value the same
 * progress message; past the budget, the middle stretches are one bar and the last keeps its own.
 */
function stretches(
  phases: Phases,
  from: number,
  to: number,
  polls: number,
  budget: number,
  redact: (text: string) => string
): Bar[] {
  const [changes, word]: [Changes, string] =
    phases.statuses.total > 0 ? [phases.statuses, 'Status'] : [phases.progress, 'Progress']
  const bar = (label: string, start: number, end: number): Bar => ({ section: 'Monitor', label, from: start, to: end })
  if (changes.total === 0) return [bar(`Polls (${polls})`, from, to)]
  const shown = (change: Change): string => `${word} ${redact(change.subject)}`
  // The first stretch begins with the polls: the first answer's value held from the first request.
  const startOf = (change: Change, index: number): number => (index === 0 ? from : change.at)
  const kept = changes.total <= budget ? changes.first : changes.first.slice(0, budget - 2)
  const bars = kept.map((change, index) =>
    bar(shown(change), startOf(change, index), changes.first[index + 1]?.at ?? to)
  )
  if (changes.total > budget && changes.last) {
    const merged = changes.total - kept.length - 1
    const start = changes.first[kept.length].at
    bars.push(bar(`${word} changed ${merged} more times`, start, changes.last.at))
    bars.push(bar(shown(changes.last), changes.last.at, to))
  }
  return bars
}

/**
 * Server text as a gantt label: letters, digits, space and `. _ - / ( ) % +` only, on one line,
 * at most MAX_LABEL characters.
 */
export function labelText(text: string): string {
  // Letters and digits of any script are kept; Unicode's classes are looked up only for a
  // character outside ASCII (compiling them costs half a millisecond, on every run's summary).
  const safe = text
    .replace(/[^A-Za-z0-9 ._\-/()%+]/gu, character =>
      character > '\x7f' && /^[\p{L}\p{N}]$/u.test(character) ? character : ' '
    )
    .replace(/\s+/g, ' ')
    .trim()
  const characters = Array.from(safe)
  return characters.length <= MAX_LABEL ? safe : `${characters.slice(0, MAX_LABEL - 3).join('')}...`
}

/**
 * The Mermaid text of the chart; the last bar is tagged by the final status. A last bar too short
 * to see (the final status arrives with the last poll) is drawn as a milestone, a diamond.
 */
export function renderChart(status: FinalStatus, bars: readonly Bar[]): string {
  const span = Math.max(0, ...bars.map(bar => bar.to))
  const start = Math.min(span, ...bars.map(bar => bar.from))
  const lines = [
    'gantt',
    '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
    `  axisFormat ${axisFormat(span)}`,
    '  todayMarker off'
  ]
  let section: string | undefined
  bars.forEach((bar, index) => {
    if (bar.section !== section) lines.push(`  section ${(section = bar.section)}`)
    const short = bar.to - bar.from < (span - start) / MILESTONE_SHARE
    const tag = index === bars.length - 1 ? `${LAST_BAR_TAG[status]}, ${short ? 'milestone, ' : ''}` : ''
    lines.push(`  ${labelText(bar.label)} :${tag}${time(bar.from)}, ${time(Math.max(bar.from, bar.to))}`)
  })
  return lines.join('\n')
}

/**
 * A time since the stage started, as a date from 1970-01-01 on that Mermaid reads in the viewer's
 * own time zone (the chart's dateFormat): the axis then shows 00:00 at the start wherever the
 * summary is read. Read off the UTC fields: V8's first toISOString costs 0.75 ms, a twentieth of
 * what the action may spend between its final poll and its exit.
 */
function time(ms: number): string {
  const at = new Date(Math.max(0, Math.round(ms)))
  const two = (n: number): string => String(n).padStart(2, '0')
  const day = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}`
  const clock = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`
  return `${day} ${clock}.${String(at.getUTCMilliseconds()).padStart(3, '0')}`
}

function axisFormat(spanMs: number): string {
  if (spanMs < 10_000) return '%M:%S.%L'
  if (spanMs < 3_600_000) return '%M:%S'
  if (spanMs < 86_400_000) return '%H:%M:%S'
  return 'day %-j %H:%M'
}
