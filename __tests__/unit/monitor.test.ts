import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/inputs/index.js'
import { pollInterval } from '../../src/tasks/cadence.js'
import { monitor } from '../../src/tasks/monitor.js'
import { Secrets } from '../../src/redact.js'
import type { StageContext, StageState } from '../../src/stage.js'
import { Timeline, type StageEvent } from '../../src/timeline.js'
import { startServer, type Handler } from '../support/server.js'

describe('pollInterval', () => {
  it('is every second for the first minute, then every 15 seconds, with auto', () => {
    expect(pollInterval('auto', 0)).toBe(1_000)
    expect(pollInterval('auto', 59_999)).toBe(1_000)
    expect(pollInterval('auto', 60_000)).toBe(15_000)
    expect(pollInterval('auto', 6 * 3_600_000)).toBe(15_000)
  })

  it('is the given interval otherwise', () => {
    expect(pollInterval(250, 0)).toBe(250)
    expect(pollInterval(250, 3_600_000)).toBe(250)
  })
})

/**
 * Monitors a local job API until it reports DONE, on a clock the caller moves; returns what the
 * timeline kept and what it reported (logged) on the way.
 */
async function waitOn(handler: Handler, clock: () => number): Promise<{ timeline: Timeline; logged: StageEvent[] }> {
  const server = await startServer(handler)
  const logged: StageEvent[] = []
  const timeline = new Timeline(clock, event => logged.push(event))
  const inputs: Record<string, string> = {
    url: server.url,
    'wait-for-completion': 'true',
    'poll-interval': '1ms',
    timeout: '500h',
    'status-json-path': '$.status',
    'success-statuses': 'DONE'
  }
  const config = readConfig({ get: name => inputs[name] ?? '', workspace: '.', warn: () => {} }, new Secrets())
  const ctx: StageContext = { config, secrets: new Secrets(), timeline, cancelled: new AbortController().signal }
  const state: StageState = { polls: 0, statusUrl: new URL(server.url) }
  try {
    expect(await monitor(ctx, state)).toEqual({ status: 'SUCCEEDED', reason: 'the remote job reported DONE' })
  } finally {
    await server.close()
  }
  return { timeline, logged }
}

describe('monitor, on a clock that runs fast', () => {
  it('logs a heartbeat at most once a minute while nothing changes', async () => {
    // Each look at the clock is 5 s later: 200 polls are about 30 minutes of a RUNNING job.
    let polls = 0
    let now = 0
    const { timeline, logged } = await waitOn(
      () => ({ status: 200, body: { status: ++polls >= 200 ? 'DONE' : 'RUNNING' } }),
      () => (now += 5_000)
    )
    const heartbeats = logged.filter(event => event.text.startsWith('still RUNNING'))
    expect(heartbeats.length).toBeGreaterThan(10)
    for (let i = 1; i < heartbeats.length; i++)
      expect(heartbeats[i].at - heartbeats[i - 1].at).toBeGreaterThanOrEqual(60_000)
    expect(heartbeats[0].text).toMatch(/^still RUNNING after \d+m\d\ds \(\d+ polls\)$/)
    // The kept timeline holds the changes only: heartbeats are the log's alone.
    expect(timeline.events.some(event => event.text.startsWith('still'))).toBe(false)
  })
})

describe('monitor, on a clock each poll moves 5 s on', () => {
  /** The lines a wait logs when the first `failures` polls answer 503 and the next one DONE. */
  async function outage(failures: number): Promise<string[]> {
    let now = 0
    const { logged } = await waitOn(
      (_request, _res, index) => {
        now += 5_000
        return index < failures ? { status: 503 } : { status: 200, body: { status: 'DONE' } }
      },
      () => now
    )
    return logged.map(event => event.text)
  }

  it('says the status URL answers again when an outage of a minute or more ends, not a shorter one', async () => {
    // The first failure is seen 5 s in: 11 failures make an outage of 55 s, 12 one of 60 s.
    expect((await outage(11)).filter(line => line.includes('answers again'))).toEqual([])
    expect((await outage(12)).filter(line => line.includes('answers again'))).toEqual([
      'the status URL answers again after 12 failed polls in 1m00s'
    ])
  })
})
