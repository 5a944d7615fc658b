// The job summary (src/report/summary.ts): what a user reads after the run.

import { describe, it, expect } from 'vitest'
import { EMPTY_PAYLOAD } from '../../src/body.js'
import { Secrets } from '../../src/redact.js'
import { MAX_SUMMARY_BUILD_INFO, escapeMarkdown, renderSummary, type SummaryInput } from '../../src/report/summary.js'
import type { StageResult } from '../../src/stage.js'
import type { FinalStatus } from '../../src/status.js'
import type { StageEvent } from '../../src/timeline.js'
import { json, payload, result, webhook } from '../support/stage-result.js'

const event = (text: string, at: number, extra: Partial<StageEvent> = {}): StageEvent => ({
  kind: 'status',
  text,
  level: 'info',
  at,
  count: 1,
  lastAt: at,
  ...extra
})

function summary(input: Partial<SummaryInput> = {}): string {
  return renderSummary({
    result: result(),
    request: 'POST https://api.example.com/hooks/deploy',
    events: [],
    omittedEvents: 0,
    secrets: new Secrets(),
    ...input
  })
}

/** The rows of the timeline table. */
function timelineRows(markdown: string): string[] {
  const lines = markdown.split('\n')
  const header = lines.indexOf('| time | event |')
  if (header < 0) return []
  const end = lines.indexOf('', header)
  return lines.slice(header + 2, end)
}

/** The table row whose first cell is `name`. */
const row = (markdown: string, name: string): string | undefined =>
  markdown.split('\n').find(line => line.startsWith(`| ${name} |`))

/** The row whose first cell is `name`, which must be there. */
function mustRow(markdown: string, name: string): string {
  const line = row(markdown, name)
  expect(line, `row ${name}`).toBeDefined()
  return line ?? ''
}

describe('renderSummary', () => {
  it.each<[FinalStatus, string]>([
    ['SUCCEEDED', 'the job reported DONE'],
    ['CANCELED', 'the run was cancelled'],
    ['TERMINAL', 'the job reported FAILED']
  ])('shows the status %s and its reason', (status, reason) => {
    const markdown = summary({ result: result({ status, reason }) })
    expect(markdown.split('\n')[0]).toContain(status)
    expect(row(markdown, 'Result')).toContain(status)
    expect(row(markdown, 'Result')).toContain(escapeMarkdown(reason))
  })

  it('shows the request line with the answer', () => {
    const line = row(summary(), 'Request')
    expect(line).toContain('POST https://api.example.com/hooks/deploy')
    expect(line).toContain('202')
  })

  it('shows the status URL without user info and with secret query values masked', () => {
    const secrets = new Secrets()
    const statusUrl = new URL('https://deployer:hunter22@api.example.com/jobs/42?signature=s1gn4tur3&page=2')
    secrets.addUrl(statusUrl)
    const markdown = summary({ result: result({ statusUrl }), secrets })
    const line = row(markdown, 'Status URL')
    expect(line).toContain('https://api.example.com/jobs/42?signature=***&page=2')
    expect(markdown).not.toContain('deployer')
    expect(markdown).not.toContain('hunter22')
    expect(markdown).not.toContain('s1gn4tur3')
  })

  it('shows polls, the last status and progress', () => {
    const markdown = summary({
      result: result({
        polls: 7,
        monitorStartedAt: 2_000,
        elapsedMs: 75_000,
        lastStatus: 'DONE',
        progress: 'step 4 of 4'
      })
    })
    expect(row(markdown, 'Polls')).toContain('7')
    expect(row(markdown, 'Last status')).toContain('DONE')
    expect(row(markdown, 'Progress')).toContain('step 4 of 4')
  })

  it('has no status URL, polls or progress rows when it did not wait', () => {
    const markdown = summary()
    expect(row(markdown, 'Status URL')).toBeUndefined()
    expect(row(markdown, 'Polls')).toBeUndefined()
    expect(row(markdown, 'Progress')).toBeUndefined()
  })

  describe('the timeline', () => {
    it('shows a row per event, with repeat counts', () => {
      const markdown = summary({
        events: [
          event('POST https://api.example.com/hooks/deploy', 0, { kind: 'request' }),
          event('RUNNING', 2_000, { count: 5, lastAt: 9_000 }),
          event('DONE', 10_000)
        ]
      })
      expect(markdown).toContain('Timeline')
      const rows = timelineRows(markdown)
      expect(rows).toHaveLength(3)
      expect(rows[0]).toContain('hooks/deploy')
      expect(rows[1]).toContain('RUNNING')
      expect(rows[1]).toContain('×5')
      expect(rows[2]).not.toContain('×')
    })

    it('says how many events were left out', () => {
      const events = Array.from({ length: 20 }, (_, i) => event(`step ${i}`, i * 1_000))
      const markdown = summary({ events, omittedEvents: 40 })
      const rows = timelineRows(markdown)
      expect(rows).toHaveLength(21)
      expect(rows.filter(line => /\b40\b/.test(line) && /more events/.test(line))).toHaveLength(1)
    })

    it('is left out when there are no events', () => {
      expect(summary({ events: [] })).not.toContain('Timeline')
    })
  })

  describe('the build info', () => {
    it('is pretty JSON in a fenced block inside <details>', () => {
      const markdown = summary({ result: result({ buildInfo: json({ state: 'DONE', n: 1 }) }) })
      const details = markdown.indexOf('<details><summary>Build info')
      expect(details).toBeGreaterThanOrEqual(0)
      const rest = markdown.slice(details)
      expect(rest).toMatch(/\n(`{3,})json\n\{\n {2}"state": "DONE",\n {2}"n": 1\n\}\n\1\n/)
      expect(rest).toContain('</details>')
      expect(rest.indexOf('</details>')).toBeGreaterThan(rest.indexOf('"state"'))
    })

    it('a text build info is shown as text', () => {
      const markdown = summary({ result: result({ buildInfo: payload('job queued') }) })
      expect(markdown).toMatch(/(`{3,})text\njob queued\n\1/)
    })

    it('is left out when empty', () => {
      expect(summary({ result: result({ buildInfo: EMPTY_PAYLOAD }) })).not.toContain('Build info')
      expect(summary({ result: result({ buildInfo: undefined }) })).not.toContain('Build info')
    })

    it('is cut when huge', () => {
      const huge = json({ log: 'x'.repeat(5 * MAX_SUMMARY_BUILD_INFO) })
      const markdown = summary({ result: result({ buildInfo: huge }) })
      expect(markdown.length).toBeLessThan(MAX_SUMMARY_BUILD_INFO + 10_000)
      expect(markdown).toContain('</details>')
      expect(markdown).toMatch(/shown/)
    })

    it('redacts secrets', () => {
      const secrets = new Secrets()
      secrets.addHeaderValue('Authorization', 'Bearer tok-0123456789abcdef')
      const markdown = summary({
        result: result({ buildInfo: json({ echo: 'Bearer tok-0123456789abcdef' }) }),
        secrets
      })
      expect(markdown).not.toContain('tok-0123456789abcdef')
      expect(markdown).toContain('"echo": "***"')
    })

    it.each([
      ['three backticks', 'before\n```\n</details>\n# pwned\n```\nafter'],
      ['four backticks', 'a\n````\n<img src=x onerror=alert(1)>\n````'],
      ['a long run', 'x\n``````````\ny'],
      ['a fence with a language', '```html\n<script>alert(1)</script>\n```']
    ])('containing %s cannot break out of its block', (_, text) => {
      const markdown = summary({ result: result({ buildInfo: payload(text) }) })
      const lines = markdown.split('\n')
      const open = lines.findIndex(line => /^`{3,}text$/.test(line))
      expect(open).toBeGreaterThan(0)
      const ticks = /^(`+)/.exec(lines[open])?.[1] ?? ''
      const close = lines.findIndex(
        (line, index) => index > open && /^ {0,3}`{3,}\s*$/.test(line) && line.trim().length >= ticks.length
      )
      // the first line that could close the block is the one right after the text
      expect(lines.slice(open + 1, close).join('\n')).toBe(text)
      expect(lines[close + 1]).toBe('')
      expect(lines[close + 2]).toBe('</details>')
    })
  })

  describe('network text cannot inject links, images or HTML', () => {
    const HOSTILE = [
      '[x](http://evil)',
      '![img](http://evil/p.png)',
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '<a href="http://evil">x</a>'
    ]

    it.each(HOSTILE)('%s in the reason', hostile => {
      const line = mustRow(summary({ result: result({ status: 'TERMINAL', reason: `failed: ${hostile}` }) }), 'Result')
      expect(line).not.toContain(hostile)
      expect(line).not.toMatch(/(?<!\\)[<[]/)
    })

    it.each(HOSTILE)('%s in the progress', hostile => {
      const line = mustRow(summary({ result: result({ monitorStartedAt: 0, progress: hostile }) }), 'Progress')
      expect(line).not.toContain(hostile)
      expect(line).not.toMatch(/(?<!\\)[<[]/)
    })

    it.each(HOSTILE)('%s in a timeline event', hostile => {
      const markdown = summary({ events: [event(hostile, 1_000)] })
      const rows = timelineRows(markdown)
      expect(rows).toHaveLength(1)
      const line = rows[0]
      expect(line).not.toContain(hostile)
      expect(line).not.toMatch(/(?<!\\)[<[]/)
    })

    it('the HTTP reason phrase is escaped', () => {
      const markdown = summary({ result: result({ webhook: { ...webhook(json({})), reason: '<img src=x>' } }) })
      expect(row(markdown, 'Request')).not.toContain('<img src=x>')
    })

    it('a pipe cannot add table cells and a newline cannot end the row', () => {
      const line = mustRow(summary({ result: result({ status: 'TERMINAL', reason: 'a | b\n| c | d' }) }), 'Result')
      expect(line).not.toMatch(/(?<!\\)\|.*(?<!\\)\|.*(?<!\\)\|.*(?<!\\)\|/)
      expect(
        summary({ result: result({ status: 'TERMINAL', reason: 'a\n| c | d' }) })
          .split('\n')
          .some(text => text.startsWith('| c'))
      ).toBe(false)
    })

    it('the last status sits in a code span that it cannot close', () => {
      const line = mustRow(summary({ result: result({ lastStatus: 'DONE` <img src=x> `' }) }), 'Last status')
      // a code span opened with more backticks than any run in the text
      const ticks = /\| Last status \| (`+)/.exec(line)?.[1] ?? ''
      expect(ticks.length).toBeGreaterThan(1)
      expect(line.trimEnd().endsWith(`${ticks} |`)).toBe(true)
    })
  })
})

describe('escapeMarkdown', () => {
  it.each([
    ['[x](http://evil)', '\\[x\\]\\(http://evil\\)'],
    ['![i](http://evil)', '\\!\\[i\\]\\(http://evil\\)'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['a | b', 'a \\| b'],
    ['*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
    ['&lt;', '\\&lt;'],
    ['line\nbreak\r\nagain', 'line break again'],
    ['back\\slash', 'back\\\\slash'],
    ['plain text 42', 'plain text 42']
  ])('%j → %j', (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped)
  })

  it.each(['[x](http://evil)', '<img src=x>', '<b>', '![a](b)'])('leaves no unescaped markup in %j', text => {
    expect(escapeMarkdown(text)).not.toMatch(/(?<!\\)[<>[\]()!]/)
  })
})

describe('the summary, cutting a large build info', () => {
  it('cuts at the byte limit on a character boundary', () => {
    const text = 'é'.repeat(MAX_SUMMARY_BUILD_INFO)
    const result: StageResult = { status: 'SUCCEEDED', reason: 'ok', polls: 0, elapsedMs: 1, buildInfo: payload(text) }
    const markdown = renderSummary({ result, events: [], omittedEvents: 0, secrets: new Secrets() })
    const shown = /```text\n([^`]*)\n```/.exec(markdown)?.[1] ?? ''
    expect(Buffer.byteLength(shown)).toBeLessThanOrEqual(MAX_SUMMARY_BUILD_INFO)
    expect(shown).toBe('é'.repeat(MAX_SUMMARY_BUILD_INFO / 2))
  })
})

describe('the summary, with a huge status or progress from the server', () => {
  it('stays far below the 1 MiB limit', () => {
    const huge = 'x'.repeat(2_000_000)
    const result: StageResult = {
      status: 'TERMINAL',
      reason: huge,
      polls: 3,
      elapsedMs: 1,
      lastStatus: huge,
      progress: huge,
      monitorStartedAt: 0
    }
    const events: StageEvent[] = [{ kind: 'status', text: huge, level: 'info', at: 0, count: 1, lastAt: 0 }]
    const markdown = renderSummary({ result, events, omittedEvents: 0, secrets: new Secrets() })
    expect(markdown.length).toBeLessThan(10_000)
  })

  it('shows build info nested too deeply to pretty-print as it came', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000)
    const result: StageResult = { status: 'SUCCEEDED', reason: 'ok', polls: 0, elapsedMs: 1, buildInfo: payload(deep) }
    expect(renderSummary({ result, events: [], omittedEvents: 0, secrets: new Secrets() })).toContain(
      deep.slice(0, 100)
    )
  })
})
