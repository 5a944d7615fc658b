// A long wait stays readable: the log grows with changes, not with polls, and the summary stays short.

import { describe, expect, it } from 'vitest'
import { startJobApi, WAIT_FOR_JOB } from '../../scripts/job-api.mjs'
import { runStep, warningLines } from '../support/action.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

const fastPolls = {
  'wait-for-completion': 'true',
  'poll-interval': '1ms',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED'
}

describe('a job waited for through 1,000 polls', () => {
  it('logs its changes only and keeps the summary short', async () => {
    const api = await startJobApi()
    try {
      const run = await runStep({
        url: `${api.url}/jobs`,
        payload: JSON.stringify({ polls: 1000 }),
        ...WAIT_FOR_JOB,
        'poll-interval': '1ms'
      })
      expect(run.code).toBe(0)
      expect(run.outputs.polls).toBe('1000')
      // The call, its answer, the status URL, the cadence, 2 statuses, 10 progress steps and the end.
      expect(run.lines.length).toBeLessThanOrEqual(20)
      expect(run.lines.filter(line => line.startsWith('progress: '))).toHaveLength(11)
      expect(run.summary.length).toBeLessThan(5_000)
    } finally {
      await api.close()
    }
  })

  it('warns once about repeated poll failures and counts them in the summary', async () => {
    let polls = 0
    const server = await serve(request => {
      if (request.method !== 'GET') return { status: 202 }
      polls++
      return polls <= 300
        ? { status: 503, headers: { 'Retry-After': '0' } }
        : { status: 200, body: { status: 'SUCCEEDED' } }
    })
    const run = await runStep({ url: server.url, ...fastPolls })
    expect(run.code).toBe(0)
    expect(warningLines(run)).toEqual(['::warning::the status URL answered 503 Service Unavailable; polling goes on'])
    expect(run.lines.length).toBeLessThan(12)
    expect(run.summary).toContain('| Poll failures | the status URL answered 503 Service Unavailable ×300 |')
  })

  it('warns once about a status URL that fails every third poll, not twice a failure', async () => {
    let polls = 0
    const server = await serve(request => {
      if (request.method !== 'GET') return { status: 202 }
      polls++
      if (polls >= 300) return { status: 200, body: { status: 'SUCCEEDED' } }
      return polls % 3 === 0 ? { status: 503 } : { status: 200, body: { status: 'RUNNING' } }
    })
    const run = await runStep({ url: server.url, ...fastPolls })
    expect(run.code).toBe(0)
    expect(warningLines(run)).toHaveLength(1)
    expect(run.lines.length).toBeLessThan(12)
    expect(run.summary).toContain('| Poll failures | the status URL answered 503 Service Unavailable ×99 |')
  })
})
