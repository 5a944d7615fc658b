// Spinnaker pipelines come over unchanged: Jayway's functions, per-code poll retry limits, the
// remote job's own failure reason, a cancel call that names the job, and the poll outputs.

import { describe, expect, it } from 'vitest'
import { errorLines, runStep, warningLines } from '../support/action.js'
import { jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '10ms',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'canceled-statuses': 'CANCELED',
  'terminal-statuses': 'FAILED'
}

describe("Jayway's functions", () => {
  it('build the status URL with concat(), as Spinnaker users write it', async () => {
    let base = ''
    const server = await serve(
      jobApi({ status: 201, body: { id: 'job-77' } }, [{ status: 200, body: { status: 'SUCCEEDED' } }])
    )
    base = server.url
    const run = await runStep({
      url: `${server.url}/jobs`,
      ...waiting,
      'status-url-resolution': 'webhookResponse',
      'status-url-json-path': `concat("${base}/api/jobs/", $.id)`
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.received[1].url).toBe('/api/jobs/job-77')
  })

  it('map outputs: length(), sum() over a deep scan, first()', async () => {
    const server = await serve(() => ({
      status: 200,
      body: { items: [{ size: 2 }, { size: 5 }], tags: ['blue', 'green'] }
    }))
    const run = await runStep({
      url: server.url,
      outputs: 'count: $.items.length()\ntotal: $..size.sum()\nfirst-tag: $.tags.first()'
    })
    expect(run.outputs.count).toBe('2')
    expect(run.outputs.total).toBe('7')
    expect(run.outputs['first-tag']).toBe('blue')
  })
})

describe('poll-retry-limits', () => {
  it('stops TERMINAL at the third 404, counted across other answers in between', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [
        { status: 404 },
        { status: 200, body: { status: 'RUNNING' } },
        { status: 404 },
        { status: 404 }
      ])
    )
    const run = await runStep({
      url: server.url,
      ...waiting,
      'poll-retry-limits': '{404: 2, 504: 0}',
      'cancel-endpoint': '/cancel'
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toBe('the status URL answered 404 Not Found, after 2 retries (poll-retry-limits)')
    expect(run.outputs.polls).toBe('4')
    expect(server.to('/cancel')).toHaveLength(1)
  })
})

describe('error-json-path', () => {
  it("puts the remote job's own reason in the error, the output and the summary", async () => {
    const server = await serve(
      jobApi({ status: 202 }, [{ status: 200, body: { status: 'FAILED', error: { message: 'disk full on node-3' } } }])
    )
    const run = await runStep({ url: server.url, ...waiting, 'error-json-path': '$.error.message' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toBe('the remote job reported FAILED: disk full on node-3')
    expect(errorLines(run)).toEqual(['::error::TERMINAL: the remote job reported FAILED: disk full on node-3'])
    expect(run.summary).toContain('disk full on node-3')
  })
})

describe('placeholders in cancel-endpoint', () => {
  it('name the job the webhook started, percent-encoded', async () => {
    const server = await serve(
      jobApi({ status: 202, body: { id: 'a/b c', team: 'shop' } }, [{ status: 200, body: { status: 'RUNNING' } }])
    )
    const run = await runStep({
      url: `${server.url}/jobs`,
      ...waiting,
      timeout: '200ms',
      'cancel-endpoint': '/jobs/{$.id}/cancel?team={$.team}'
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.to('/jobs/a%2Fb%20c/cancel').map(r => r.url)).toEqual(['/jobs/a%2Fb%20c/cancel?team=shop'])
  })

  it('skip the cancel call with a warning when a placeholder finds nothing', async () => {
    const server = await serve(jobApi({ status: 202, body: {} }, [{ status: 200, body: { status: 'RUNNING' } }]))
    const run = await runStep({ url: server.url, ...waiting, timeout: '200ms', 'cancel-endpoint': '/cancel/{$.id}' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.to('/cancel')).toHaveLength(0)
    expect(warningLines(run)).toContain(
      '::warning::cancel call skipped: the placeholder {$.id} found nothing, not one value'
    )
  })

  it('with monitor-only, read the last poll that got an answer', async () => {
    const server = await serve(request =>
      request.url.includes('/cancel') ? { status: 202 } : { status: 200, body: { status: 'RUNNING', run: 9 } }
    )
    const run = await runStep({
      url: `${server.url}/runs/current`,
      ...waiting,
      'monitor-only': 'true',
      // Long enough for a first poll to be answered on a busy machine: the cancel call reads it.
      timeout: '1s',
      'cancel-endpoint': '/runs/{$.run}/cancel'
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.to('/runs/9/cancel')).toHaveLength(1)
  })
})

describe('the poll outputs', () => {
  it("are the last poll's status code and headers", async () => {
    const server = await serve(
      jobApi({ status: 202 }, [{ status: 200, headers: { 'X-Job-State': 'done' }, body: { status: 'SUCCEEDED' } }])
    )
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs['poll-status-code']).toBe('200')
    expect(JSON.parse(run.outputs['poll-response-headers'])['x-job-state']).toBe('done')
  })

  it('are empty when no poll was made', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url })
    expect(run.outputs['poll-status-code']).toBe('')
    expect(run.outputs['poll-response-headers']).toBe('')
  })
})
