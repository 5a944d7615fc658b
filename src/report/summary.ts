// The job summary: a Markdown view of the stage's result and timeline, a chart at the top, the
// payload sent and the build info below. Text from the network is escaped so that it cannot add
// links, images or markup.

import type { RequestBody } from '../body.js'
import { formatDuration } from '../formats.js'
import { cut as cutText, type Secrets } from '../redact.js'
import type { StageResult } from '../stage.js'
import { KEEP_FIRST, type Phases, type StageEvent } from '../timeline.js'
import { chartBlock } from './chart.js'
import { buildInfoBlock, MAX_SUMMARY_BODY, payloadBlock } from './payload.js'

/** The build info shown is cut here, well below the summary's 1 MiB limit. */
export const MAX_SUMMARY_BUILD_INFO = MAX_SUMMARY_BODY

export interface SummaryInput {
  result: StageResult
  /** `POST https://host/path` with the URL redacted. */
  request?: string
  events: readonly StageEvent[]
  omittedEvents: number
  secrets: Secrets
  /** The stage's phases, drawn as a chart. */
  phases?: Phases
  /** The body the webhook call sent. */
  sent?: RequestBody
}

const ICONS = { SUCCEEDED: '✅', CANCELED: '⏹️', TERMINAL: '❌' } as const

/** Table cells are cut here: a server's status or progress could otherwise fill the summary. */
const MAX_CELL = 500

export function renderSummary(input: SummaryInput): string {
  const { result, request, events, omittedEvents, secrets, phases } = input
  const cut = (text: string): string => cutText(text, MAX_CELL)
  const show = (text: string): string => escapeMarkdown(cut(secrets.redact(text)))
  const rows: Array<[string, string]> = []
  rows.push(['Result', `**${result.status}**: ${show(result.reason)}`])
  if (request) {
    const webhook = result.webhook
    const answer = webhook ? ` → ${webhook.code} ${show(webhook.reason)} in ${formatDuration(webhook.ms)}` : ''
    rows.push(['Request', `${code(cut(request))}${answer}`])
  }
  if (result.statusUrl) rows.push(['Status URL', code(cut(secrets.showUrl(result.statusUrl)))])
  if (result.monitorStartedAt !== undefined) {
    const waits = result.serverWaits
    const asked = waits
      ? `; the status URL asked for ${waits.count} longer ${waits.count === 1 ? 'wait' : 'waits'} (Retry-After), ${formatDuration(waits.ms)} in all`
      : ''
    rows.push(['Polls', `${result.polls} in ${formatDuration(result.elapsedMs - result.monitorStartedAt)}${asked}`])
  }
  if (result.lastStatus !== undefined) rows.push(['Last status', code(cut(secrets.redact(result.lastStatus)))])
  if (result.progress !== undefined) rows.push(['Progress', show(result.progress)])
  if (result.pollFailures) {
    const failures = [...result.pollFailures].map(([kind, count]) => `${kind} ×${count}`)
    rows.push(['Poll failures', show(failures.join('; '))])
  }
  rows.push(['Time', formatDuration(result.elapsedMs)])

  const lines = [
    `### ${ICONS[result.status]} Webhook ${result.status}`,
    '',
    ...(phases ? chartBlock(result, phases, secrets) : []),
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    ...payloadBlock(input.sent, secrets)
  ]
  if (events.length > 0) {
    lines.push(`<details><summary>Timeline</summary>`, '', '| time | event |', '|---|---|')
    events.forEach((event, index) => {
      if (index === KEEP_FIRST && omittedEvents > 0) lines.push(`| | … ${omittedEvents} more events … |`)
      const repeats = event.count > 1 ? ` (×${event.count}, until ${formatDuration(event.lastAt)})` : ''
      lines.push(`| ${formatDuration(event.at)} | ${show(event.text)}${repeats} |`)
    })
    lines.push('', '</details>', '')
  }
  lines.push(...buildInfoBlock(result.buildInfo, secrets))
  return lines.join('\n')
}

/** Text in a table cell: every character Markdown or HTML could act on is escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&')
}

/** An inline code span in a table cell, whatever backticks or pipes the text holds. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const ticks = '`'.repeat(longest + 1)
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text
  return `${ticks}${padded.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')}${ticks}`
}
