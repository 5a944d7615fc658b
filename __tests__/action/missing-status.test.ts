// missing-status: with `running`, a status path that finds nothing, null or [null] is "not yet";
// several matches, an object or a list of other things stay TERMINAL; `terminal` (the default)
// keeps Spinnaker's rule.

import { describe, expect, it } from 'vitest'
import { errorLines, runStep, visibleLog } from '../support/action.js'
import type { Answer } from '../support/server.js'
import { jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '20ms',
  timeout: '20s',
  'status-json-path': '$.result',
  'success-statuses': 'ok',
  'missing-status': 'running'
}

const done: Answer = { status: 200, body: { result: 'ok' } }

describe('missing-status: running', () => {
  it.each<[string, object]>([
    ['nothing', { state: 'queued' }],
    ['null', { result: null }],
    ['a list holding null', { result: [null] }]
  ])('reads a path that finds %s as not yet, and says so once', async (found, body) => {
    const server = await serve(jobApi({ status: 201 }, [{ status: 200, body }, { status: 200, body }, done]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.polls).toBe('3')
    const log = visibleLog(run)
    expect(log.match(/no status yet/g)).toEqual(['no status yet'])
    expect(run.lines).toContain(`no status yet: status-json-path $.result found ${found}; polling goes on`)
    expect(run.lines).toContain('status ok')
  })

  it.each<[string, object]>([
    ['an object', { result: { state: 'queued' } }],
    ['a list of 2 values', { result: [null, null] }]
  ])('still ends TERMINAL when the path finds %s', async (found, body) => {
    const server = await serve(jobApi({ status: 201 }, [{ status: 200, body }, done]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.polls).toBe('1')
    expect(run.outputs.error).toBe(`status-json-path $.result found ${found} in the status URL's answer`)
  })

  it('still ends TERMINAL when the path finds several values', async () => {
    const server = await serve(jobApi({ status: 201 }, [{ status: 200, body: { jobs: [{}, {}] } }, done]))
    const run = await runStep({ url: server.url, ...waiting, 'status-json-path': '$.jobs[*]' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toBe("status-json-path $.jobs[*] found 2 values in the status URL's answer")
  })
})

describe('missing-status', () => {
  it('is terminal by default: Spinnaker stops at the first poll that finds null', async () => {
    const server = await serve(jobApi({ status: 201 }, [{ status: 200, body: { result: null } }, done]))
    const run = await runStep({ url: server.url, ...waiting, 'missing-status': '' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.polls).toBe('1')
  })

  it('is an input error when it is neither terminal nor running, before any request', async () => {
    const server = await serve(jobApi({ status: 201 }, [done]))
    const run = await runStep({ url: server.url, ...waiting, 'missing-status': 'wait' })
    expect(run.code).toBe(1)
    expect(errorLines(run)).toEqual(["::error::Input 'missing-status' must be terminal or running (got 'wait')"])
    expect(server.received).toEqual([])
  })
})
