// Standing on the toolkit: YAML inputs read by a real YAML parser, debug lines when the runner's
// debug logging is on, titled annotations.

import { describe, expect, it } from 'vitest'
import { annotationTitles, errorLines, runStep, visibleLog } from '../support/action.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

describe('headers as YAML', () => {
  it.each([
    ['a flow mapping', '{X-A: 1, X-B: two}', { 'x-a': '1', 'x-b': 'two' }],
    [
      'quoted keys, escapes and comments',
      "\"X-A\": \"tab\\there\" # why\n'X-B': 'it''s'",
      { 'x-a': 'tab\there', 'x-b': "it's" }
    ],
    [
      'values as written',
      'X-A: 2.0\nX-B: 0123\nX-C: ~\nX-D: null\nX-E: true',
      { 'x-a': '2.0', 'x-b': '0123', 'x-c': '~', 'x-d': 'null', 'x-e': 'true' }
    ],
    ['a block list sending the header twice', 'X-A:\n  - one\n  - two', { 'x-a': 'one, two' }]
  ])('reads %s', async (_, headers, expected) => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, headers })
    expect(run.code).toBe(0)
    for (const [name, value] of Object.entries(expected)) expect(server.received[0].headers[name]).toBe(value)
  })

  it.each([
    ['X-A: b: c', /line 1, column \d+ \(quote a value that holds ': '\)/],
    ['X-Team: @platform', /\(quote a value that starts with @ or `\)/],
    ['X-A: 1\nX-B: "open', /line 2, column \d+/]
  ])('refuses %j with one error that says where it broke, and sends nothing', async (headers, where) => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, headers })
    expect(run.code).toBe(1)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^::error::Input 'headers' must be a YAML or JSON mapping/)
    expect(errors[0]).toMatch(where)
    expect(server.received).toHaveLength(0)
  })
})

describe('debug logging', () => {
  const waitTwoPolls = (url: string): Record<string, string> => ({
    url,
    headers: 'Authorization: Bearer dbg-secret-123',
    'wait-for-completion': 'true',
    'poll-interval': '10ms',
    'status-json-path': '$.state',
    'success-statuses': 'done'
  })
  const jobApi = () => {
    let polls = 0
    return serve(request =>
      request.method === 'POST'
        ? { status: 202, body: {} }
        : { status: 200, body: { state: ++polls < 2 ? 'running' : 'done' } }
    )
  }

  it('with RUNNER_DEBUG=1, writes one ::debug:: line per exchange, secrets masked', async () => {
    const server = await jobApi()
    const run = await runStep(waitTwoPolls(`${server.url}/jobs?api_key=k-998877`), { env: { RUNNER_DEBUG: '1' } })
    expect(run.code).toBe(0)
    const debug = run.lines.filter(line => line.startsWith('::debug::'))
    expect(debug).toHaveLength(3)
    expect(debug[0]).toMatch(/^::debug::POST http:\/\/127\.0\.0\.1:\d+\/jobs\?api_key=\*\*\* → 202 in \d+ms$/)
    expect(debug[1]).toMatch(/^::debug::GET .*\/jobs\?api_key=\*\*\* → 200 in \d+ms, status running$/)
    expect(debug[2]).toMatch(/, status done$/)
    expect(visibleLog(run)).not.toContain('k-998877')
  })

  it('without it, writes no ::debug:: line at all', async () => {
    const server = await jobApi()
    const run = await runStep(waitTwoPolls(server.url))
    expect(run.code).toBe(0)
    expect(run.lines.filter(line => line.startsWith('::debug::'))).toEqual([])
  })
})

describe('annotations', () => {
  it('are titled with what they are about', async () => {
    const server = await serve(() => ({ status: 200, body: { a: 1 } }))
    const run = await runStep({ url: server.url, outputs: 'missing: $.nope' })
    expect(annotationTitles(run)).toEqual(['Output missing'])
    const failed = await runStep({ url: `${server.url}/`, method: 'GET', 'fail-fast-status-codes': '200' })
    expect(annotationTitles(failed)).toEqual(['Webhook TERMINAL'])
  })
})
