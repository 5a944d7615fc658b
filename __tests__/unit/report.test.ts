import { describe, it, expect } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { EMPTY_PAYLOAD, readPayload, type Payload } from '../../src/body.js'
import { readConfig } from '../../src/inputs/index.js'
import { rehearseReport, report, type Report } from '../../src/report/index.js'
import { ACTION_OUTPUTS } from '../../src/settings.js'
import { compileJsonPath } from '../../src/jsonpath/index.js'
import { Secrets } from '../../src/redact.js'
import { MAX_OUTPUT_BYTES, collectOutputs, payloadText, type OutputFiles } from '../../src/report/outputs.js'
import { MAX_SUMMARY_BUILD_INFO, escapeMarkdown, renderSummary, type SummaryInput } from '../../src/report/summary.js'
import type { StageResult, WebhookCall } from '../../src/stage.js'
import type { FinalStatus } from '../../src/status.js'
import { Timeline, type StageEvent } from '../../src/timeline.js'

const FILES: OutputFiles = {
  buildInfo: '/runner/temp/webhook-stage/build-info.json',
  response: '/runner/temp/webhook-stage/response.json'
}

const payload = (text: string): Payload => readPayload(Buffer.from(text, 'utf8'))
const json = (value: unknown): Payload => payload(JSON.stringify(value))

function webhook(body: Payload, code = 202): WebhookCall {
  return {
    method: 'POST',
    code,
    reason: code === 202 ? 'Accepted' : 'OK',
    headers: { 'content-type': 'application/json', location: '/jobs/42' },
    payload: body,
    ms: 120
  }
}

function result(overrides: Partial<StageResult> = {}): StageResult {
  const body = json({ id: 42, state: 'DONE' })
  return {
    status: 'SUCCEEDED',
    reason: 'the job reported DONE',
    elapsedMs: 75_000,
    polls: 0,
    webhook: webhook(body),
    buildInfo: body,
    ...overrides
  }
}

const outputsOf = (
  stage: StageResult,
  outputs: Array<[string, string]> = [],
  secrets = new Secrets()
): { values: Map<string, string>; names: string[]; warnings: string[] } => {
  const collected = collectOutputs(
    stage,
    { outputs: outputs.map(([name, path]) => ({ name, path: compileJsonPath(path) })) },
    secrets,
    FILES
  )
  return {
    values: new Map(collected.values),
    names: collected.values.map(([name]) => name),
    warnings: collected.warnings.map(warning => warning.message)
  }
}

/** A string of `bytes` UTF-8 bytes made of two-byte characters (plus one ASCII when odd). */
const twoByteText = (bytes: number): string => 'é'.repeat(Math.floor(bytes / 2)) + (bytes % 2 ? 'x' : '')

describe('collectOutputs', () => {
  it('sets every action output', () => {
    const { names } = outputsOf(result())
    expect(names).toEqual(expect.arrayContaining([...ACTION_OUTPUTS]))
    expect(new Set(names).size).toBe(names.length)
  })

  it('sets every action output even when nothing was received', () => {
    const { names, values } = outputsOf({ status: 'TERMINAL', reason: 'connection refused', elapsedMs: 5, polls: 0 })
    expect(names).toEqual(expect.arrayContaining([...ACTION_OUTPUTS]))
    expect(values.get('status')).toBe('TERMINAL')
    expect(values.get('error')).toBe('connection refused')
    expect(values.get('status-code')).toBe('')
    expect(values.get('response')).toBe('')
    expect(values.get('build-info')).toBe('')
    expect(values.get('build-info-file')).toBe(FILES.buildInfo)
    expect(values.get('response-file')).toBe(FILES.response)
  })

  it.each<[FinalStatus, string]>([
    ['SUCCEEDED', ''],
    ['CANCELED', 'the run was cancelled'],
    ['TERMINAL', 'the job reported FAILED']
  ])('status %s is always set; error is %j', (status, error) => {
    const reason = status === 'SUCCEEDED' ? 'the job reported DONE' : error
    const { values } = outputsOf(result({ status, reason }))
    expect(values.get('status')).toBe(status)
    expect(values.get('error')).toBe(error)
  })

  it('hands on the webhook call, the status URL, polls, progress and percent', () => {
    const body = json({ id: 42, state: 'DONE' })
    const { values, warnings } = outputsOf(
      result({
        webhook: webhook(body, 202),
        statusUrl: new URL('https://api.example.com/jobs/42'),
        polls: 7,
        progress: 'step 3 of 4',
        percentComplete: 75,
        buildInfo: json({ state: 'DONE', artifacts: ['a.zip'] })
      })
    )
    expect(values.get('status-code')).toBe('202')
    expect(values.get('response')).toBe('{"id":42,"state":"DONE"}')
    expect(JSON.parse(values.get('response-headers') ?? '')).toEqual({
      'content-type': 'application/json',
      location: '/jobs/42'
    })
    expect(values.get('status-url')).toBe('https://api.example.com/jobs/42')
    expect(values.get('polls')).toBe('7')
    expect(values.get('progress')).toBe('step 3 of 4')
    expect(values.get('percent-complete')).toBe('75')
    expect(values.get('build-info')).toBe('{"state":"DONE","artifacts":["a.zip"]}')
    expect(values.get('build-info-file')).toBe(FILES.buildInfo)
    expect(values.get('response-file')).toBe(FILES.response)
    expect(warnings).toEqual([])
  })

  it('leaves status-url, progress and percent-complete empty when there were none', () => {
    const { values } = outputsOf(result())
    expect(values.get('status-url')).toBe('')
    expect(values.get('progress')).toBe('')
    expect(values.get('percent-complete')).toBe('')
    expect(values.get('polls')).toBe('0')
  })

  it('a raw-text response comes out as it is', () => {
    const body = payload('Accepted, job 42 queued')
    const { values } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
    expect(values.get('response')).toBe('Accepted, job 42 queued')
    expect(values.get('build-info')).toBe('Accepted, job 42 queued')
  })

  it('the status-url output has no user info and masks secret query values', () => {
    const secrets = new Secrets()
    const statusUrl = new URL('https://deployer:hunter22@api.example.com/jobs/42?access_token=t0k3n-abc&page=2')
    secrets.addUrl(statusUrl)
    const { values } = outputsOf(result({ statusUrl }), [], secrets)
    expect(values.get('status-url')).toBe('https://api.example.com/jobs/42?access_token=***&page=2')
  })

  describe('the 65,536-byte rule', () => {
    it('is 65,536 bytes', () => {
      expect(MAX_OUTPUT_BYTES).toBe(65_536)
    })

    it('counts UTF-8 bytes: a multi-byte text just over the limit is left empty with a warning naming the file', () => {
      const text = twoByteText(MAX_OUTPUT_BYTES + 2)
      expect(text.length).toBeLessThan(MAX_OUTPUT_BYTES) // few characters, many bytes
      const body = payload(text)
      const { values, warnings } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
      expect(values.get('response')).toBe('')
      expect(values.get('build-info')).toBe('')
      const response = warnings.find(warning => warning.includes("'response'"))
      const buildInfo = warnings.find(warning => warning.includes("'build-info'"))
      expect(response).toContain(FILES.response)
      expect(buildInfo).toContain(FILES.buildInfo)
      expect(response).toContain(String(MAX_OUTPUT_BYTES + 2))
      // the other outputs are not touched
      expect(values.get('status')).toBe('SUCCEEDED')
      expect(values.get('build-info-file')).toBe(FILES.buildInfo)
      expect(values.get('response-file')).toBe(FILES.response)
    })

    it('keeps an output of exactly 65,536 bytes', () => {
      const text = twoByteText(MAX_OUTPUT_BYTES)
      expect(Buffer.byteLength(text)).toBe(MAX_OUTPUT_BYTES)
      const body = payload(text)
      const { values, warnings } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
      expect(values.get('response')).toBe(text)
      expect(values.get('build-info')).toBe(text)
      expect(warnings).toEqual([])
    })

    it('one byte over is too large', () => {
      const text = twoByteText(MAX_OUTPUT_BYTES + 1)
      expect(Buffer.byteLength(text)).toBe(MAX_OUTPUT_BYTES + 1)
      const body = payload(text)
      const { values, warnings } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
      expect(values.get('response')).toBe('')
      expect(warnings.length).toBeGreaterThanOrEqual(1)
    })

    it('a large build info only empties build-info when the response is small', () => {
      const buildInfo = json({ log: twoByteText(MAX_OUTPUT_BYTES) })
      const { values, warnings } = outputsOf(result({ buildInfo }))
      expect(values.get('build-info')).toBe('')
      expect(values.get('response')).toBe('{"id":42,"state":"DONE"}')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('build-info')
      expect(warnings[0]).toContain(FILES.buildInfo)
    })

    it('a custom output over the limit is left empty with a warning naming the build info file', () => {
      const buildInfo = json({ log: twoByteText(MAX_OUTPUT_BYTES + 10) })
      const { values, warnings } = outputsOf(result({ buildInfo }), [['log', '$.log']])
      expect(values.get('log')).toBe('')
      const warning = warnings.find(text => text.includes("'log'"))
      expect(warning).toContain(FILES.buildInfo)
    })
  })

  describe('custom outputs read from the build info', () => {
    const buildInfo = json({
      id: 'job-42',
      count: 3,
      ratio: 0.5,
      ok: true,
      nothing: null,
      artifact: { name: 'app.zip', size: 1024 },
      items: [{ id: 1 }, { id: 2 }, { id: 3 }],
      names: ['a', 'b']
    })

    it.each<[string, string, string]>([
      ['a string comes out as it is', '$.id', 'job-42'],
      ['Jayway rule: no leading $', 'id', 'job-42'],
      ['a number as JSON', '$.count', '3'],
      ['a fraction as JSON', '$.ratio', '0.5'],
      ['a boolean as JSON', '$.ok', 'true'],
      ['null as JSON', '$.nothing', 'null'],
      ['an object as JSON', '$.artifact', '{"name":"app.zip","size":1024}'],
      ['a list as JSON', '$.names', '["a","b"]'],
      ['several matches as a JSON list', '$.items[*].id', '[1,2,3]'],
      ['several string matches as a JSON list', '$.names[*]', '["a","b"]'],
      ['a filter', '$.items[?(@.id == 2)].id', '2']
    ])('%s (%s)', (_, path, expected) => {
      const { values, warnings } = outputsOf(result({ buildInfo }), [['value', path]])
      expect(values.get('value')).toBe(expected)
      expect(warnings).toEqual([])
    })

    it('a path that finds nothing gives an empty output and a warning', () => {
      const { values, warnings } = outputsOf(result({ buildInfo }), [['missing', '$.no.such.thing']])
      expect(values.get('missing')).toBe('')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('missing')
      expect(warnings[0]).toContain('$.no.such.thing')
    })

    it('a path on a text build info', () => {
      const text = payload('all done')
      const { values } = outputsOf(result({ buildInfo: text }), [
        ['whole', '$'],
        ['field', '$.x']
      ])
      expect(values.get('whole')).toBe('all done')
      expect(values.get('field')).toBe('')
    })

    it('a path on an empty build info finds nothing, with a warning', () => {
      const { values, warnings } = outputsOf(result({ buildInfo: EMPTY_PAYLOAD }), [['id', '$.id']])
      expect(values.get('id')).toBe('')
      expect(warnings).toHaveLength(1)
    })

    it('comes after the action outputs, in the order given', () => {
      const { names } = outputsOf(result({ buildInfo }), [
        ['second', '$.count'],
        ['first', '$.id']
      ])
      expect(names.slice(-2)).toEqual(['second', 'first'])
    })

    it('a falsy value is still found', () => {
      const { values, warnings } = outputsOf(result({ buildInfo: json({ zero: 0, no: false, empty: '' }) }), [
        ['zero', '$.zero'],
        ['no', '$.no'],
        ['empty', '$.empty']
      ])
      expect(values.get('zero')).toBe('0')
      expect(values.get('no')).toBe('false')
      expect(values.get('empty')).toBe('')
      expect(warnings).toEqual([])
    })
  })

  describe('secrets in bodies come out as ***', () => {
    const TOKEN = 'tok-0123456789abcdef'

    function withSecret(): Secrets {
      const secrets = new Secrets()
      secrets.addHeaderValue('Authorization', `Bearer ${TOKEN}`)
      return secrets
    }

    it('in response, build-info, response-headers, progress, error and custom outputs', () => {
      const echo = json({ received: { authorization: `Bearer ${TOKEN}` }, token: TOKEN })
      const stage = result({
        status: 'TERMINAL',
        reason: `401 Unauthorized: bad token ${TOKEN}`,
        webhook: { ...webhook(echo), headers: { 'x-echo-token': TOKEN } },
        buildInfo: echo,
        progress: `using ${TOKEN}`
      })
      const { values } = outputsOf(
        stage,
        [
          ['token', '$.token'],
          ['received', '$.received']
        ],
        withSecret()
      )
      for (const [name, value] of values) expect(value, name).not.toContain(TOKEN)
      expect(values.get('response')).toBe('{"received":{"authorization":"***"},"token":"***"}')
      expect(values.get('build-info')).toBe('{"received":{"authorization":"***"},"token":"***"}')
      expect(values.get('response-headers')).toBe('{"x-echo-token":"***"}')
      expect(values.get('progress')).toBe('using ***')
      expect(values.get('error')).toBe('401 Unauthorized: bad token ***')
      expect(values.get('token')).toBe('***')
      expect(values.get('received')).toBe('{"authorization":"***"}')
    })

    it('in a raw-text response', () => {
      const body = payload(`echo: Bearer ${TOKEN}\nbye`)
      const { values } = outputsOf(result({ webhook: webhook(body), buildInfo: body }), [], withSecret())
      expect(values.get('response')).toBe('echo: ***\nbye')
    })

    it('payloadText redacts what the files hold', () => {
      expect(payloadText(json({ token: TOKEN }), withSecret())).toBe('{"token":"***"}')
      expect(payloadText(undefined, withSecret())).toBe('')
    })
  })
})

// ---------------------------------------------------------------------------------------------

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

describe('rehearseReport', () => {
  it('writes nothing, and the report made while its empty write is under way writes one summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-test-'))
    const files = { summary: path.join(dir, 'summary.md'), output: path.join(dir, 'output') }
    for (const file of Object.values(files)) writeFileSync(file, '')
    const saved = { ...process.env }
    Object.assign(process.env, { GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, RUNNER_TEMP: dir })
    try {
      const secrets = new Secrets()
      const get = (name: string): string => (name === 'url' ? 'https://example.com/hook' : '')
      const config = readConfig({ get, workspace: dir, warn: () => {} }, secrets)
      const stage: Report = {
        config,
        secrets,
        timeline: new Timeline(() => 0),
        request: 'POST https://example.com/hook'
      }
      rehearseReport(stage, { polls: 1 }, 5)
      expect(readFileSync(files.summary, 'utf8')).toBe('')
      await report(stage, result())
      const summary = readFileSync(files.summary, 'utf8')
      expect(summary.match(/^### /gm)).toEqual(['### '])
      expect(summary).toMatch(/^### ✅ Webhook SUCCEEDED\n/)
      expect(summary).not.toContain('rehearsal')
    } finally {
      process.env = saved
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
