// The runner cancels a run with SIGINT, then SIGTERM 7.5 s later, then kills it. The action
// stops at once, calls the cancel endpoint, reports CANCELED and exits before the kill.

import { describe, expect, it } from 'vitest'
import { errorLines, startStep, visibleLog, warningLines } from '../support/action.js'
import type { Handler } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

/** The runner's own deadline: SIGTERM comes 7.5 s after SIGINT. */
const RUNNER_GRACE_MS = 7_500

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '50ms',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED'
}

/** A job that runs until cancelled; `/cancel` records the cancel call. */
const endlessJob: Handler = request => {
  if (request.url.startsWith('/cancel')) return { status: 202, body: { canceled: true } }
  if (request.method === 'GET') return { status: 200, body: { status: 'RUNNING' } }
  return { status: 202, body: { id: 1 } }
}

describe('when the runner cancels the run', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'on %s it stops polling, calls the cancel endpoint and reports CANCELED',
    async signal => {
      const server = await serve(endlessJob)
      const step = startStep({
        url: `${server.url}/jobs`,
        headers: 'Authorization: Bearer tok-0123456789\nX-Team: blue',
        ...waiting,
        'cancel-endpoint': '/cancel?reason=runner',
        'cancel-method': 'DELETE',
        'cancel-payload': '{"why": "workflow cancelled"}'
      })
      await step.waitFor(/^status RUNNING$/m)
      const sentAt = performance.now()
      step.child.kill(signal)
      const run = await step.finished
      expect(performance.now() - sentAt).toBeLessThan(RUNNER_GRACE_MS)
      expect(run.code).toBe(1)
      expect(run.outputs.status).toBe('CANCELED')
      expect(run.outputs.error).toBe(`the run was cancelled (${signal})`)
      const [cancel] = server.to('/cancel')
      expect(cancel.method).toBe('DELETE')
      expect(cancel.url).toBe('/cancel?reason=runner')
      expect(cancel.body).toBe('{"why": "workflow cancelled"}')
      expect(cancel.headers['content-type']).toBe('application/json')
      expect(cancel.headers.authorization).toBe('Bearer tok-0123456789')
      expect(cancel.headers['x-team']).toBe('blue')
      // No poll after the cancel call.
      expect(server.received.at(-1)?.url).toBe('/cancel?reason=runner')
      expect(run.summary).toContain('Webhook CANCELED')
      expect(visibleLog(run)).toMatch(/cancel call DELETE .*\/cancel\?reason=runner answered 202 Accepted/)
      expect(errorLines(run).at(-1)).toBe(`::error::CANCELED: the run was cancelled (${signal})`)
    }
  )

  it('reports CANCELED without a cancel endpoint', async () => {
    const server = await serve(endlessJob)
    const step = startStep({ url: `${server.url}/jobs`, ...waiting })
    await step.waitFor(/^status RUNNING$/m)
    step.child.kill('SIGINT')
    const run = await step.finished
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('CANCELED')
    expect(server.to('/cancel')).toHaveLength(0)
  })

  it('aborts a webhook call that has not answered yet, and still calls the cancel endpoint', async () => {
    const server = await serve(request => (request.url === '/cancel' ? { status: 202 } : new Promise<void>(() => {})))
    const step = startStep({ url: `${server.url}/jobs`, 'cancel-endpoint': '/cancel' })
    await step.waitFor(/^POST /m)
    while (server.received.length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    step.child.kill('SIGINT')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    expect(run.outputs['status-code']).toBe('')
    expect(server.to('/cancel')).toHaveLength(1)
  })

  it('calls a cancel endpoint that answers 503 once: the cancel call is not retried', async () => {
    const server = await serve(request =>
      request.url === '/cancel'
        ? { status: 503, headers: { 'Retry-After': '0' } }
        : endlessJob(request, undefined as never, 0)
    )
    const step = startStep({ url: `${server.url}/jobs`, ...waiting, 'cancel-endpoint': '/cancel' })
    await step.waitFor(/^status RUNNING$/m)
    step.child.kill('SIGINT')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    expect(server.to('/cancel')).toHaveLength(1)
    expect(warningLines(run)).toContainEqual(
      expect.stringMatching(/^::warning::cancel call POST .*\/cancel answered 503 Service Unavailable/)
    )
  })

  it('gives a cancel endpoint that does not answer a bounded time, then reports', async () => {
    const server = await serve(request =>
      request.url === '/cancel' ? new Promise<void>(() => {}) : endlessJob(request, undefined as never, 0)
    )
    const step = startStep({
      url: `${server.url}/jobs`,
      ...waiting,
      'cancel-endpoint': '/cancel',
      'request-timeout': '500ms'
    })
    await step.waitFor(/^status RUNNING$/m)
    step.child.kill('SIGINT')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    expect(warningLines(run)).toContainEqual(
      expect.stringMatching(/^::warning::cancel call POST .*\/cancel failed: no complete answer within 500ms$/)
    )
  })

  it.each([
    ['SIGINT', 5_000],
    ['SIGTERM', 2_000]
  ] as const)(
    "gives a cancel endpoint that does not answer %s's bound, no more, whatever request-timeout says",
    async (signal, boundMs) => {
      const server = await serve(request =>
        request.url === '/cancel' ? new Promise<void>(() => {}) : endlessJob(request, undefined as never, 0)
      )
      const step = startStep({ url: `${server.url}/jobs`, ...waiting, 'cancel-endpoint': '/cancel' })
      await step.waitFor(/^status RUNNING$/m)
      const sentAt = performance.now()
      step.child.kill(signal)
      const run = await step.finished
      const tookMs = performance.now() - sentAt
      expect(run.outputs.status).toBe('CANCELED')
      expect(server.to('/cancel')).toHaveLength(1)
      expect(warningLines(run)).toContainEqual(
        expect.stringMatching(
          /^::warning::cancel call POST .*\/cancel failed: given up: the runner is cancelling the run$/
        )
      )
      expect(tookMs).toBeGreaterThanOrEqual(boundMs - 100)
      expect(tookMs).toBeLessThan(boundMs + 2_000)
    },
    15_000
  )

  it('gives up the cancel call at the second signal', async () => {
    const server = await serve(request =>
      request.url === '/cancel' ? new Promise<void>(() => {}) : endlessJob(request, undefined as never, 0)
    )
    const step = startStep({ url: `${server.url}/jobs`, ...waiting, 'cancel-endpoint': '/cancel' })
    await step.waitFor(/^status RUNNING$/m)
    step.child.kill('SIGINT')
    while (server.to('/cancel').length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    step.child.kill('SIGTERM')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    expect(warningLines(run)).toContainEqual(
      expect.stringMatching(
        /^::warning::cancel call POST .*\/cancel failed: given up: the runner is cancelling the run$/
      )
    )
  })

  it('bounds a cancel call already under way for another reason, and the run ends CANCELED', async () => {
    const server = await serve(request =>
      request.url === '/cancel' ? new Promise<void>(() => {}) : endlessJob(request, undefined as never, 0)
    )
    const step = startStep({ url: `${server.url}/jobs`, ...waiting, timeout: '200ms', 'cancel-endpoint': '/cancel' })
    await step.waitFor(/^stopped waiting: timed out after 200ms/m)
    while (server.to('/cancel').length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    // SIGTERM first: the runner kills 2.5 s later, so the call gets 2 s at most.
    step.child.kill('SIGTERM')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    expect(run.outputs.error).toBe('the run was cancelled (SIGTERM)')
    expect(run.lines).toContainEqual(
      expect.stringMatching(/cancel call POST .*\/cancel failed: given up: the runner is cancelling the run$/)
    )
  })
})
