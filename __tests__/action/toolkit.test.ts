// Standing on the toolkit: YAML inputs read by a real YAML parser, debug lines when the runner's
// debug logging is on, titled annotations.

import { describe, expect, it } from 'vitest'
import { annotationTitles, runStep, visibleLog } from '../support/action.js'
import { startOidcIssuer } from '../support/oidc-issuer.js'
import { closedPort } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

// How YAML headers read, and the errors that say where they broke: unit/inputs.test.ts. Here: a
// block list reaches the server as the header sent twice.
describe('headers as YAML', () => {
  it('a block list sends the header twice', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, headers: 'X-A:\n  - one\n  - two' })
    expect(run.code).toBe(0)
    expect(server.received[0].headers['x-a']).toBe('one, two')
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

  it('with RUNNER_DEBUG=1, writes a failed exchange as one ::debug:: line too', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hook`
    const run = await runStep({ url, retries: '0' }, { env: { RUNNER_DEBUG: '1' } })
    expect(run.outputs.error).toMatch(/^the webhook call failed: connection refused/)
    expect(run.lines.filter(line => line.startsWith('::debug::'))).toEqual([
      expect.stringMatching(/^::debug::POST http:\/\/127\.0\.0\.1:\d+\/hook → failed: connection refused .* in \d+ms$/)
    ])
  })

  it('with RUNNER_DEBUG=1, a call never sent for want of an OIDC token ends in that error, not an internal one', async () => {
    const issuer = await startOidcIssuer()
    try {
      const server = await serve(() => ({ status: 200 }))
      const run = await runStep(
        { url: server.url, 'oidc-audience': 'deploy' },
        { env: { ...issuer.env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-runners', RUNNER_DEBUG: '1' } }
      )
      expect(run.outputs.status).toBe('TERMINAL')
      expect(run.outputs.error).toMatch(/^could not get the job's OIDC token: /)
      expect(run.stdout).not.toMatch(/internal error/)
      expect(server.received).toEqual([])
    } finally {
      await issuer.close()
    }
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
