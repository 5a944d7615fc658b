// Rate limits: 429, or 403 with Retry-After or x-ratelimit-remaining: 0, is transient on the call
// and on polls; x-ratelimit-reset sets the wait when no Retry-After does; the log says so once per
// stretch; a plain 403 stays final, and fail-fast-status-codes and poll-retry-limits still win.

import { describe, expect, it } from 'vitest'
import { runStep, type ActionRun } from '../support/action.js'
import type { Answer, Handler } from '../support/server.js'
import { inTurn, jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '20ms',
  timeout: '20s',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED'
}

const nowSeconds = (): number => Math.ceil(Date.now() / 1000)
const secondary: Answer = { status: 403, headers: { 'Retry-After': '0' }, body: { message: 'secondary rate limit' } }
const running: Answer = { status: 200, body: { status: 'RUNNING' } }
const done: Answer = { status: 200, body: { status: 'SUCCEEDED' } }
const rateLimitLines = (run: ActionRun): string[] => run.lines.filter(line => line.startsWith('rate limited'))

/**
 * Answers `code` with `x-ratelimit-remaining: 0` until the limit resets `seconds` after the
 * first request (a whole second, as GitHub's reset is), then `after`.
 */
function spentLimit(code: number, seconds: number, after: Handler): Handler & { limited: () => number } {
  let resetAt: number | undefined
  let limited = 0
  const handler: Handler = (request, res, index) => {
    resetAt ??= nowSeconds() + seconds
    if (Date.now() < resetAt * 1000) {
      limited++
      return {
        status: code,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) },
        body: { message: 'API rate limit exceeded' }
      }
    }
    return after(request, res, index)
  }
  return Object.assign(handler, { limited: () => limited })
}

describe('a rate limit on the webhook call', () => {
  it.each([403, 429])(
    'answered %i with x-ratelimit-remaining: 0 is waited out until x-ratelimit-reset, then called again',
    async code => {
      // Two seconds or more away: the usual first backoff (1 s) would ask again too early.
      const api = spentLimit(code, 2, () => ({ status: 200, body: { ok: true } }))
      const server = await serve(api)
      const run = await runStep({ url: server.url })
      expect(run.code).toBe(0)
      expect(api.limited()).toBe(1)
      expect(server.received).toHaveLength(2)
      expect(run.lines).toContainEqual(expect.stringMatching(/^retry 1 of 5 in .* until the rate limit resets: /))
      expect(rateLimitLines(run)).toEqual([
        expect.stringMatching(/^rate limited \(the webhook answered 4\d\d .*\): it resets at .*Z \(in /)
      ])
    }
  )

  it('answered 403 with Retry-After (a secondary limit) is retried as it asks', async () => {
    const server = await serve(inTurn(secondary, { status: 201 }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(0)
    expect(server.received).toHaveLength(2)
    expect(run.lines).toContain('retry 1 of 5 in 0ms as Retry-After asks: the webhook answered 403 Forbidden')
  })

  it('counts each wait as one of retries', async () => {
    const server = await serve(inTurn(secondary))
    const run = await runStep({ url: server.url, retries: '1' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.received).toHaveLength(2)
    expect(run.outputs.error).toMatch(/^the webhook answered 403 Forbidden after 1 retry/)
  })

  it('is still a fail-fast code when fail-fast-status-codes names it', async () => {
    const server = await serve(inTurn(secondary, { status: 201 }))
    const run = await runStep({ url: server.url, 'fail-fast-status-codes': '403, 504' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.received).toHaveLength(1)
    expect(run.outputs.error).toMatch(/a fail-fast status code/)
  })

  it('with a reset no clock can show (the year 3170843) is retried after the usual backoff', async () => {
    const limited: Answer = {
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '99999999999999' }
    }
    const server = await serve(inTurn(limited, { status: 200 }))
    const run = await runStep({ url: server.url, retries: '1' })
    expect(run.outputs.error).toBe('')
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(rateLimitLines(run)).toEqual([
      expect.stringMatching(
        /^rate limited \(the webhook answered 429 Too Many Requests\): the server does not say when it resets/
      )
    ])
  })

  it('is not a plain 403, which stays final', async () => {
    const server = await serve(inTurn({ status: 403, body: { message: 'forbidden' } }, { status: 201 }))
    const run = await runStep({ url: server.url })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.received).toHaveLength(1)
  })
})

describe('a rate limit on polls', () => {
  it('keeps polling, and says once per stretch of rate-limited answers that it is one', async () => {
    const limited429: Answer = { status: 429, headers: { 'Retry-After': '0' } }
    const server = await serve(
      jobApi({ status: 202 }, [secondary, secondary, secondary, running, limited429, limited429, done])
    )
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.polls).toBe('7')
    const lines = rateLimitLines(run)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^rate limited \(the status URL answered 403 Forbidden\): it resets at /)
    expect(lines[1]).toMatch(/^rate limited \(the status URL answered 429 Too Many Requests\): it resets /)
  })

  it('waits until x-ratelimit-reset rather than polling at its cadence', async () => {
    const api = spentLimit(403, 1, () => done)
    const server = await serve(jobApi({ status: 202 }, [api]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(api.limited()).toBe(1)
    expect(run.outputs.polls).toBe('2')
  })

  it('never waits past timeout for a reset far away', async () => {
    const api = spentLimit(403, 3600, () => done)
    const server = await serve(jobApi({ status: 202 }, [api]))
    const run = await runStep({ url: server.url, ...waiting, timeout: '1s' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^timed out after 1s of polling \(1 polls/)
    expect(rateLimitLines(run)).toEqual([
      expect.stringMatching(/resets at .*Z \(in (59m\d\ds|1h00m)\); waiting 5m00s, then asking again$/)
    ])
  })

  it('is still stopped by poll-retry-limits that name the code', async () => {
    const server = await serve(jobApi({ status: 202 }, [secondary, done]))
    const run = await runStep({ url: server.url, ...waiting, 'poll-retry-limits': '{403: 0}' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.polls).toBe('1')
    expect(run.outputs.error).toMatch(/answered 403 Forbidden, which poll-retry-limits never retries/)
  })

  it('says it is one also while poll-retry-limits that name the code still allow retries', async () => {
    const limited429: Answer = { status: 429, headers: { 'Retry-After': '0' } }
    const server = await serve(jobApi({ status: 202 }, [limited429, limited429, done]))
    const run = await runStep({ url: server.url, ...waiting, 'poll-retry-limits': '{429: 3}' })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.polls).toBe('3')
    expect(rateLimitLines(run)).toEqual([
      expect.stringMatching(/^rate limited \(the status URL answered 429 Too Many Requests\): it resets /)
    ])
  })

  it('is not a plain 403, which stops the wait', async () => {
    const server = await serve(jobApi({ status: 202 }, [{ status: 403 }, done]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.polls).toBe('1')
  })
})
