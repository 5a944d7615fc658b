// Transient failures of the webhook call: what is retried, how often, after how long, and what is
// never sent twice.

import { describe, expect, it } from 'vitest'
import { runStep } from '../support/action.js'
import { closedPort, waited } from '../support/server.js'
import { inTurn, useServers } from '../support/servers.js'

const serve = useServers()

const retryNow = { 'Retry-After': '0' }

describe('the webhook call', () => {
  it('retries a 503, 502 and 429, with one log line per retry that says why and when', async () => {
    const server = await serve(
      inTurn(
        { status: 503, headers: retryNow },
        { status: 502, headers: retryNow },
        { status: 429, headers: retryNow },
        { status: 200, body: { ok: true } }
      )
    )
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(0)
    expect(server.received).toHaveLength(4)
    const retries = run.lines.filter(line => line.startsWith('retry '))
    expect(retries).toEqual([
      'retry 1 of 5 in 0ms as Retry-After asks: the webhook answered 503 Service Unavailable',
      'retry 2 of 5 in 0ms as Retry-After asks: the webhook answered 502 Bad Gateway',
      'retry 3 of 5 in 0ms as Retry-After asks: the webhook answered 429 Too Many Requests'
    ])
  })

  it('fails at once on 504, a fail-fast code by default', async () => {
    const server = await serve(inTurn({ status: 504, headers: retryNow }, { status: 200 }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(1)
    expect(server.received).toHaveLength(1)
    expect(run.outputs.error).toMatch(/answered 504 Gateway Timeout, a fail-fast status code/)
  })

  // Which code is retried, fails fast or is final under which lists: judgeStatusCode's table in
  // unit/retry.test.ts; the lists as read: unit/inputs.test.ts. Here, that the inputs reach it.
  it('retries a 504 when fail-fast-status-codes is none', async () => {
    const server = await serve(inTurn({ status: 504, headers: retryNow }, { status: 200 }))
    const run = await runStep({ url: server.url, 'fail-fast-status-codes': 'none' })
    expect(run.code).toBe(0)
    expect(server.received).toHaveLength(2)
  })

  it('retries the codes in retry-status-codes', async () => {
    const server = await serve(
      inTurn({ status: 404, headers: retryNow }, { status: 409, headers: retryNow }, { status: 201 })
    )
    const run = await runStep({ url: server.url, 'retry-status-codes': '404\n409' })
    expect(run.code).toBe(0)
    expect(server.received).toHaveLength(3)
  })

  it('gives up after `retries` retries with the last error', async () => {
    const server = await serve(inTurn({ status: 500, headers: retryNow, body: 'database is down' }))
    const run = await runStep({ url: server.url, retries: '2' })
    expect(run.code).toBe(1)
    expect(server.received).toHaveLength(3)
    expect(run.outputs.error).toBe('the webhook answered 500 Internal Server Error after 2 retries: database is down')
  })

  it('waits what Retry-After asks, in seconds', async () => {
    const server = await serve(inTurn({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(0)
    const [first, second] = server.received
    expect(second.at - first.at).toBeGreaterThanOrEqual(waited(1000))
    expect(run.lines).toContainEqual(expect.stringMatching(/^retry 1 of 5 in 1(\.\d+)?s as Retry-After asks/))
  })

  it('retries a refused connection with backoff, then gives up', async () => {
    const port = await closedPort()
    const run = await runStep({ url: `http://127.0.0.1:${port}/hook`, retries: '1' })
    expect(run.code).toBe(1)
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^retry 1 of 1 in 1(\.\d+)?s: connection refused by 127\.0\.0\.1:\d+$/)
    )
    expect(run.outputs.error).toMatch(/^the webhook call failed: connection refused by 127\.0\.0\.1:\d+ after 1 retry$/)
    expect(run.ms).toBeGreaterThanOrEqual(1000)
  })

  it.each([
    ['POST', 'a fresh connection each time', 3],
    ['PATCH', 'a fresh connection each time', 3],
    ['GET', 'one kept-alive connection', 1]
  ])('a %s retried after a 503 is sent on %s', async (method, _how, connections) => {
    const server = await serve(
      inTurn({ status: 503, headers: retryNow }, { status: 503, headers: retryNow }, { status: 200 })
    )
    const run = await runStep({ url: server.url, method })
    expect(run.code).toBe(0)
    expect(server.received.map(request => request.method)).toEqual([method, method, method])
    expect(new Set(server.received.map(request => request.remotePort)).size).toBe(connections)
  })

  it('never sends a POST twice when the connection breaks off after it was sent', async () => {
    const server = await serve((_request, res) => void res.socket?.destroy())
    const run = await runStep({ url: server.url, method: 'POST', payload: '{"deploy": true}' })
    expect(run.code).toBe(1)
    expect(server.received).toHaveLength(1)
    expect(run.outputs.error).toMatch(/the connection broke off/)
  })

  it('never sends a PATCH twice when request-timeout passes after it was sent', async () => {
    const server = await serve(() => new Promise<void>(() => {}))
    const run = await runStep({ url: server.url, method: 'PATCH', 'request-timeout': '300ms' })
    expect(run.code).toBe(1)
    expect(server.received).toHaveLength(1)
    expect(run.outputs.error).toMatch(/no complete answer within 300ms/)
  })

  it('sends a GET again when its answer breaks off halfway', async () => {
    const server = await serve((_request, res, index) => {
      if (index > 0) return { status: 200, body: { whole: true } }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' })
      res.write('{"half":')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const run = await runStep({ url: server.url, method: 'GET', retries: '1' })
    expect(run.code).toBe(0)
    expect(server.received).toHaveLength(2)
    expect(JSON.parse(run.outputs.response)).toEqual({ whole: true })
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^retry 1 of 1 in 1(\.\d+)?s: the connection broke off during the answer$/)
    )
  })

  it('sends a PUT again when the connection breaks off', async () => {
    const server = await serve((_request, res, index) => (index === 0 ? void res.socket?.destroy() : { status: 200 }))
    const run = await runStep({ url: server.url, method: 'PUT' })
    expect(run.code).toBe(0)
    expect(server.received).toHaveLength(2)
    expect(run.lines).toContainEqual(expect.stringMatching(/^retry 1 of 5 in 1(\.\d+)?s: the connection broke off/))
  })
})
