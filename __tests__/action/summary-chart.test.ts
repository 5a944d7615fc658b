// The job summary as a picture (SPEC "Reporting": "The stage as a picture", "Picture details") and
// the request's payload ("The request in the summary"), read from the summary file the runner shows.

import { mkdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runStep, startStep, type ActionRun } from '../support/action.js'
import { mermaidBlocks, readGantt, type DrawnChart } from '../support/mermaid.js'
import type { Answer } from '../support/server.js'
import { inTurn, jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '1ms',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'canceled-statuses': 'CANCELED',
  'terminal-statuses': 'FAILED'
}

const status = (value: unknown): Answer => ({ status: 200, body: { status: value } })

/** The summary's one chart, as Mermaid's parser reads it (it throws on a chart Mermaid refuses). */
async function chartOf(run: ActionRun): Promise<DrawnChart> {
  const blocks = mermaidBlocks(run.summary)
  expect(blocks).toHaveLength(1)
  return readGantt(blocks[0])
}

const labels = (chart: DrawnChart): string[] => chart.bars.map(bar => bar.label)
/** The last bar's tags but `milestone`, which only says it is too short to see as a bar. */
const lastTags = (chart: DrawnChart): string[] => (chart.bars.at(-1)?.tags ?? []).filter(tag => tag !== 'milestone')

describe('the stage as a picture', () => {
  it('opens the summary with a chart: the call, the wait, one bar per status value, the last one done', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('QUEUED'), status('RUNNING'), status('SUCCEEDED')]))
    const run = await runStep({ url: server.url, ...waiting, 'wait-before-monitor': '30ms' })
    expect(run.code).toBe(0)
    expect(run.summary.split('\n').slice(0, 4)).toEqual(['### ✅ Webhook SUCCEEDED', '', '```mermaid', 'gantt'])
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual([
      'Webhook call POST 202',
      'Wait before monitoring',
      'Status QUEUED',
      'Status RUNNING',
      'Status SUCCEEDED'
    ])
    expect(lastTags(chart)).toEqual(['done'])
    expect(chart.bars.slice(0, -1).every(bar => bar.tags.length === 0)).toBe(true)
    // Times run from the step's start, one bar after the other.
    expect(chart.bars[0].from).toBeGreaterThanOrEqual(0)
    chart.bars.slice(1).forEach((bar, i) => expect(bar.from).toBeGreaterThanOrEqual(chart.bars[i].from))
    // The wait bar spans the 30 ms wait: Node's timers count from the event loop's cached clock,
    // which can run a few milliseconds behind when the wait starts, and both ends are rounded.
    expect(chart.bars[1].to - chart.bars[1].from).toBeGreaterThanOrEqual(20)
  })

  it.each([
    ['TERMINAL', 'FAILED', 'crit'],
    ['CANCELED', 'CANCELED', 'active']
  ])('marks the last bar of a %s run %s', async (_outcome, final, tag) => {
    const server = await serve(jobApi({ status: 202 }, [status('RUNNING'), status(final)]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(1)
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual(['Webhook call POST 202', 'Status RUNNING', `Status ${final}`])
    expect(lastTags(chart)).toEqual([tag])
  })

  // The wait renders the summary once in rehearsal and appends nothing (src/report/index.ts): the
  // file still holds one summary, also when the job ends before that empty write is done.
  it.each([
    ['at the first poll', [status('SUCCEEDED')]],
    ['after five polls', [status('QUEUED'), ...Array(4).fill(status('RUNNING')), status('SUCCEEDED')]]
  ])('writes the summary of a wait once, the job done %s', async (_when, polls) => {
    const server = await serve(jobApi({ status: 202 }, polls))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    expect(run.summary.match(/^### /gm)).toEqual(['### '])
    expect(run.summary).toMatch(/^### ✅ Webhook SUCCEEDED\n/)
    expect(run.summary).not.toContain('rehearsal')
    expect(labels(await chartOf(run)).at(-1)).toBe('Status SUCCEEDED')
  })

  it('shows the call of a run without polls, its retries inside its one bar', async () => {
    const server = await serve(
      inTurn(
        { status: 503, headers: { 'Retry-After': '0' } },
        { status: 503, headers: { 'Retry-After': '0' } },
        { status: 200 }
      )
    )
    const run = await runStep({ url: server.url, retries: '3' })
    expect(run.code).toBe(0)
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual(['Webhook call POST 200 (2 retries)'])
    expect(lastTags(chart)).toEqual(['done'])
  })

  it('shows a call that failed, marked crit', async () => {
    const server = await serve(() => ({ status: 400 }))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(1)
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual(['Webhook call POST 400'])
    expect(lastTags(chart)).toEqual(['crit'])
  })

  it('ends with the cancel call after a timeout, marked crit', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('RUNNING')]))
    const run = await runStep({
      url: server.url,
      ...waiting,
      'poll-interval': '20ms',
      timeout: '200ms',
      'cancel-endpoint': `${server.url}/cancel`
    })
    expect(run.code).toBe(1)
    expect(server.to('/cancel')).toHaveLength(1)
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual(['Webhook call POST 202', 'Status RUNNING', 'Cancel call'])
    expect(chart.bars.map(bar => bar.section)).toEqual(['Webhook', 'Monitor', 'Cancel'])
    expect(lastTags(chart)).toEqual(['crit'])
    // The polls end where the cancel call begins.
    expect(chart.bars[1].to).toBe(chart.bars[2].from)
  })

  it('ends with the cancel call when the runner cancels the run, marked active (CANCELED)', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('RUNNING')]))
    const step = startStep({ url: server.url, ...waiting, 'poll-interval': '20ms', 'cancel-endpoint': '/cancel' })
    await step.waitFor(/^status RUNNING$/m)
    step.child.kill('SIGINT')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual(['Webhook call POST 202', 'Status RUNNING', 'Cancel call'])
    expect(lastTags(chart)).toEqual(['active'])
  })

  it('starts a stretch at each new progress message when there is no status value', async () => {
    const server = await serve(
      jobApi({ status: 202, headers: { Location: '/builds/1' } }, [
        { status: 202, body: { progress: 'compiling' } },
        { status: 202, body: { progress: 'testing' } },
        { status: 200, body: { progress: 'done' } }
      ])
    )
    const run = await runStep({
      url: server.url,
      'wait-for-completion': 'true',
      'status-url-resolution': 'location-header',
      'progress-json-path': '$.progress',
      'poll-interval': '1ms'
    })
    expect(run.code).toBe(0)
    const chart = await chartOf(run)
    expect(labels(chart)).toEqual(['Webhook call POST 202', 'Progress compiling', 'Progress testing', 'Progress done'])
  })

  it('writes neither the chart nor the payload with summary: false', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('SUCCEEDED')]))
    const run = await runStep({ url: server.url, ...waiting, payload: '{"a":1}', summary: 'false' })
    expect(run.code).toBe(0)
    expect(run.summary).toBe('')
  })
})

describe('server text in the chart', () => {
  const hostile = [
    'RUNNING\nclick task1 href "https://evil.example"',
    '%%{init: {"theme": "dark", "securityLevel": "loose"}}%%',
    'a:b;c#d',
    'x%%comment',
    'QUEUED\ntitle pwned\nsection pwned\nclassDef x fill:red\ndateFormat YYYY',
    '2024-01-01 a date first',
    'click',
    '<img src=x onerror=alert(1)> ``` |',
    `BIG-${'x'.repeat(2048)}`
  ]

  it('keeps every hostile status value inside one bar of harmless characters', async () => {
    const server = await serve(jobApi({ status: 202 }, [...hostile.map(value => status(value)), status('SUCCEEDED')]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    const chart = await chartOf(run)
    expect(chart.bars).toHaveLength(hostile.length + 2)
    expect(chart.config).toEqual({})
    expect(chart.links).toBe(0)
    expect(chart.title).toBe('')
    expect(new Set(chart.bars.map(bar => bar.section))).toEqual(new Set(['Webhook', 'Monitor']))
    for (const { label } of chart.bars.slice(1)) {
      expect(label).toMatch(/^Status /)
      expect(label).toMatch(/^[\p{L}\p{N} ._\-/()%+]*$/u)
      expect(Array.from(label).length).toBeLessThanOrEqual(40)
    }
    expect(labels(chart).slice(1, 4)).toEqual([
      'Status RUNNING click task1 href https...',
      'Status %% init theme dark securityLev...',
      'Status a b c d'
    ])
    expect(lastTags(chart)).toEqual(['done'])
    // Only the chart's own statements start a line: gantt, its settings, sections and bars.
    const lines = mermaidBlocks(run.summary)[0]
      .split('\n')
      .map(line => line.trim())
    const statements = lines.filter(line => !/^(Webhook|Status|Wait|Cancel|Polls|Progress) /.test(line))
    expect(statements).toEqual([
      'gantt',
      'dateFormat YYYY-MM-DD HH:mm:ss.SSS',
      expect.stringMatching(/^axisFormat %/),
      'todayMarker off',
      'section Webhook',
      'section Monitor'
    ])
  })

  it('draws 300 status values of 2 KB as 40 bars, and the summary stays under 1 MiB', async () => {
    const values = Array.from({ length: 300 }, (_, i) => `STEP-${i + 1}-${'y'.repeat(2048)}`)
    const server = await serve(jobApi({ status: 202 }, [...values.map(value => status(value)), status('SUCCEEDED')]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    expect(run.outputs.polls).toBe('301')
    const chart = await chartOf(run)
    expect(chart.bars).toHaveLength(40)
    expect(labels(chart)[1]).toMatch(/^Status STEP-1-y+\.\.\.$/)
    expect(labels(chart)[37]).toMatch(/^Status STEP-37-/)
    // 301 stretches: 37 drawn, 263 merged into one bar that says so, and the last.
    expect(labels(chart)[38]).toBe('Status changed 263 more times')
    expect(labels(chart)[39]).toBe('Status SUCCEEDED')
    expect(lastTags(chart)).toEqual(['done'])
    expect(mermaidBlocks(run.summary)[0].length).toBeLessThan(50_000)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
  })
})

describe('the request in the summary', () => {
  const TOKEN = 'tok-8c1f-secret-value'

  it('shows the JSON body sent, indented and folded, with the credential it echoes masked', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({
      url: server.url,
      headers: `Authorization: Bearer ${TOKEN}`,
      payload: JSON.stringify({ name: 'deploy shop', token: TOKEN })
    })
    expect(run.code).toBe(0)
    expect(server.received[0].body).toContain(TOKEN)
    expect(run.summary).toContain(
      '<details><summary>Payload (54 B JSON)</summary>\n\n```json\n{\n  "name": "deploy shop",\n  "token": "***"\n}\n```\n\n</details>'
    )
    expect(run.summary).not.toContain(TOKEN)
  })

  it('masks the signing secret, URL credentials and secret query values the body holds', async () => {
    const server = await serve(() => ({ status: 200 }))
    const signing = 'whsec-9d2e-signing-secret'
    const url = `http://deployer:pa55-w0rd-x@127.0.0.1:${server.port}/hook?api_key=key-77aa-secret&page=2`
    const run = await runStep({
      url,
      'signing-secret': signing,
      payload: JSON.stringify({ echo: [signing, 'pa55-w0rd-x', 'key-77aa-secret'], page: 2 })
    })
    expect(run.code).toBe(0)
    expect(run.summary).toContain('"echo": [\n    "***",\n    "***",\n    "***"\n  ]')
    expect(run.summary).not.toMatch(/whsec-9d2e|pa55-w0rd|key-77aa/)
  })

  it('shows the body after form encoding', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({
      url: server.url,
      headers: 'Content-Type: application/x-www-form-urlencoded',
      payload: '{"name": "deploy shop", "tag": ["a", "b"]}'
    })
    expect(run.code).toBe(0)
    expect(server.received[0].body).toBe('name=deploy+shop&tag=a&tag=b')
    expect(run.summary).toContain(
      '<summary>Payload (28 B form)</summary>\n\n```text\nname=deploy+shop&tag=a&tag=b\n```'
    )
  })

  it('shows the body read from payload-file', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep(
      { url: server.url, 'payload-file': 'deploy/body.json' },
      {
        setup: files => {
          mkdirSync(path.join(files.workspace, 'deploy'))
          writeFileSync(path.join(files.workspace, 'deploy', 'body.json'), '{"from": "file"}')
        }
      }
    )
    expect(run.code).toBe(0)
    expect(run.summary).toContain('<summary>Payload (16 B JSON)</summary>\n\n```json\n{\n  "from": "file"\n}\n```')
  })

  it('cuts a large body, and says so', async () => {
    const server = await serve(() => ({ status: 200 }))
    const payload = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => `item-${i}`) })
    // Too large for an environment variable: from a file.
    const run = await runStep(
      { url: server.url, 'payload-file': 'body.json' },
      { setup: files => writeFileSync(path.join(files.workspace, 'body.json'), payload) }
    )
    expect(run.code).toBe(0)
    expect(run.summary).toMatch(/<summary>Payload \([\d.]+ KB JSON, first 64 KB shown\)<\/summary>/)
    expect(run.summary).not.toContain('item-19999')
  })

  it('has no Payload block when no body was sent', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('SUCCEEDED')]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    expect(run.summary).not.toContain('Payload')
    // monitor-only makes no call, so it sends nothing either.
    const monitored = await runStep({ url: server.url, ...waiting, 'monitor-only': 'true', payload: '{"a":1}' })
    expect(monitored.code).toBe(0)
    expect(monitored.summary).not.toContain('Payload')
    expect(labels(await chartOf(monitored))).toEqual(['Status SUCCEEDED'])
  })
})
