// HTTP's own conventions for work that takes a while: 202 while running, Retry-After, 303 to
// the result, a status header of any name, conditional polls, compressed answers, safe retries.

import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { runStep } from '../support/action.js'
import { type Answer, type Handler, type Received } from '../support/server.js'
import { jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const fast = { 'wait-for-completion': 'true', 'poll-interval': '20ms' }
const gets = (server: { received: Received[] }): Received[] => server.received.filter(r => r.method === 'GET')

describe('an Azure-style operation', () => {
  it('POST → 202 + Operation-Location → Running twice → Succeeded', async () => {
    const server = await serve(
      jobApi({ status: 202, headers: { 'Operation-Location': '/operations/op-1' } }, [
        { status: 200, body: { status: 'Running' } },
        { status: 200, body: { status: 'Running' } },
        { status: 200, body: { status: 'Succeeded', resourceId: 'vm-7' } }
      ])
    )
    const run = await runStep({
      url: `${server.url}/deployments`,
      ...fast,
      'status-url-resolution': 'location-header',
      'status-url-header': 'Operation-Location',
      'status-json-path': '$.status',
      'success-statuses': 'Succeeded',
      'terminal-statuses': 'Failed',
      'canceled-statuses': 'Canceled',
      outputs: 'resource: $.resourceId'
    })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.resource).toBe('vm-7')
    expect(run.outputs['status-url']).toBe(`${server.url}/operations/op-1`)
    expect(gets(server).map(r => r.url)).toEqual(['/operations/op-1', '/operations/op-1', '/operations/op-1'])
    expect(run.lines).toContain(`status URL (the Operation-Location header): ${server.url}/operations/op-1`)
  })

  it('names the missing status-url-header', async () => {
    const server = await serve(() => ({ status: 202, headers: { Location: '/elsewhere' } }))
    const run = await runStep({
      url: server.url,
      ...fast,
      'status-url-resolution': 'location-header',
      'status-url-header': 'Azure-AsyncOperation'
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toContain('no Azure-AsyncOperation header')
  })
})

describe("the RFC's asynchronous request-reply", () => {
  it('POST → 202 + Location + Retry-After → 202 → 303 → 200 result', async () => {
    const server = await serve((request, _res, index): Answer => {
      if (request.method === 'POST') return { status: 202, headers: { Location: '/queue/5', 'Retry-After': '1' } }
      if (request.url === '/queue/5') {
        return index === 1
          ? { status: 202, body: { state: 'working' } }
          : { status: 303, headers: { Location: '/results/5' } }
      }
      return { status: 200, body: { artifact: 'shop-1.4.2.tgz' } }
    })
    const run = await runStep({
      url: `${server.url}/builds`,
      ...fast,
      'status-url-resolution': 'location-header',
      outputs: 'artifact: $.artifact'
    })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.artifact).toBe('shop-1.4.2.tgz')
    expect(JSON.parse(run.outputs['build-info'])).toEqual({ artifact: 'shop-1.4.2.tgz' })
    expect(run.outputs.polls).toBe('2')
    expect(run.outputs['status-url']).toBe(`${server.url}/queue/5`)
    // The webhook's Retry-After set the wait before the first poll.
    expect(server.received[1].at - server.received[0].at).toBeGreaterThanOrEqual(995)
    expect(run.lines).toContain('waiting 1s before the first poll as Retry-After asks')
  })
})

describe('202 on a poll', () => {
  it('means running without a status path: the first 2xx other than 202 ends the wait', async () => {
    const server = await serve(
      jobApi({ status: 201 }, [{ status: 202 }, { status: 202 }, { status: 200, body: { ok: 1 } }])
    )
    const run = await runStep({ url: server.url, ...fast })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.polls).toBe('3')
  })

  it('moves polling to its Location, and status-headers decides afresh whether headers go there', async () => {
    const other = await serve(() => ({ status: 200, body: { state: 'done' } }))
    const server = await serve(
      jobApi({ status: 202 }, [{ status: 202, headers: { Location: `${other.url}/moved?sig=s1g-0099` } }])
    )
    const run = await runStep({
      url: `${server.url}/jobs`,
      headers: 'Authorization: Bearer tok-move-1234',
      ...fast,
      'status-json-path': '$.state',
      'success-statuses': 'done'
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(gets(server)[0].headers.authorization).toBe('Bearer tok-move-1234')
    expect(other.received[0].url).toBe('/moved?sig=s1g-0099')
    expect(other.received[0].headers.authorization).toBeUndefined()
    expect(run.outputs['status-url']).toBe(`${other.url}/moved?sig=***`)
    expect(run.lines).toContain(`polling moves to ${other.url}/moved?sig=***`)
  })
})

describe('Retry-After on a poll that goes on', () => {
  it('lengthens the next wait, and the summary counts the waits asked for', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [
        { status: 202, headers: { 'Retry-After': '1' } },
        { status: 200, body: {} }
      ])
    )
    const run = await runStep({ url: server.url, ...fast })
    expect(run.outputs.status).toBe('SUCCEEDED')
    const [first, second] = gets(server)
    expect(second.at - first.at).toBeGreaterThanOrEqual(995)
    expect(run.summary).toMatch(
      /\| Polls \| 2 in [\d.]+s; the status URL asked for 1 longer wait \(Retry-After\), 1s in all \|/
    )
  })

  it('never makes polling faster than poll-interval', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [
        { status: 202, headers: { 'Retry-After': '0' } },
        { status: 200, body: {} }
      ])
    )
    const run = await runStep({ url: server.url, 'wait-for-completion': 'true', 'poll-interval': '300ms' })
    expect(run.outputs.status).toBe('SUCCEEDED')
    const [first, second] = gets(server)
    expect(second.at - first.at).toBeGreaterThanOrEqual(295)
  })

  it('never waits past the timeout', async () => {
    const server = await serve(jobApi({ status: 202 }, [{ status: 202, headers: { 'Retry-After': '120' } }]))
    const run = await runStep({ url: server.url, ...fast, timeout: '600ms' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^timed out after 600ms of polling \(1 polls/)
    expect(run.ms).toBeLessThan(10_000)
  })
})

// How a result reads (SUCCEEDED, or the status it holds): unit/poll.test.ts. Here: the loop
// polls the status URL again, not the result, after a transient failure.
describe('303 See Other to the result', () => {
  it('polls the status URL again when the result fails transiently', async () => {
    let results = 0
    const server = await serve(request =>
      request.method === 'POST'
        ? { status: 202 }
        : request.url === '/result'
          ? results++ === 0
            ? { status: 503 }
            : { status: 200, body: { ok: true } }
          : { status: 303, headers: { Location: '/result' } }
    )
    const run = await runStep({ url: server.url, ...fast })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.polls).toBe('2')
    expect(gets(server).map(r => r.url)).toEqual(['/', '/result', '/', '/result'])
  })
})

describe('conditional polls', () => {
  it('send If-None-Match after an ETag; a 304 is a poll whose body is the previous one', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [
        { status: 200, headers: { ETag: '"v1"' }, body: { state: 'running', step: 'build' } },
        { status: 304, headers: { ETag: '"v1"' } },
        { status: 200, headers: { 'Last-Modified': 'Sun, 29 Nov 2026 10:00:00 GMT' }, body: { state: 'running' } },
        { status: 200, body: { state: 'done' } }
      ])
    )
    const run = await runStep({
      url: server.url,
      ...fast,
      'status-json-path': '$.state',
      'success-statuses': 'done',
      'progress-json-path': '$.step'
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    const polls = gets(server)
    expect(polls[0].headers['if-none-match']).toBeUndefined()
    expect(polls[1].headers['if-none-match']).toBe('"v1"')
    expect(polls[2].headers['if-none-match']).toBe('"v1"')
    expect(polls[3].headers['if-modified-since']).toBe('Sun, 29 Nov 2026 10:00:00 GMT')
    expect(polls[3].headers['if-none-match']).toBeUndefined()
    expect(run.outputs.polls).toBe('4')
  })
})

describe('compressed answers', () => {
  const body = JSON.stringify({ state: 'done', notes: 'x'.repeat(2000) })
  it.each([
    ['gzip', zlib.gzipSync(body)],
    ['deflate', zlib.deflateSync(body)],
    ['br', zlib.brotliCompressSync(body)]
  ])('are asked for and decoded: %s', async (coding, bytes) => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
      res.end(bytes)
    })
    const run = await runStep({ url: server.url, outputs: 'state: $.state' })
    expect(server.received[0].headers['accept-encoding']).toBe('gzip, deflate, br')
    expect(run.outputs.state).toBe('done')
    expect(run.outputs['build-info']).toBe(body)
  })

  it("send the user's own Accept-Encoding exactly, and still decode gzip", async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' })
      res.end(zlib.gzipSync('plain text'))
    })
    const run = await runStep({ url: server.url, headers: 'accept-encoding: identity' })
    expect(server.received[0].rawHeaders.filter(h => /^accept-encoding$/i.test(h))).toHaveLength(1)
    expect(server.received[0].headers['accept-encoding']).toBe('identity')
    expect(run.outputs.response).toBe('plain text')
  })

  it.each([
    ['zstd', Buffer.from('whatever'), /content coding 'zstd'/],
    ['gzip', Buffer.from('not gzip at all'), /gzip/]
  ])('a %s body that cannot be decoded is a clear error naming the coding', async (coding, bytes, message) => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Encoding': coding })
      res.end(bytes)
    })
    const run = await runStep({ url: server.url })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(message)
    expect(run.stderr).toBe('')
  })

  it('a gzip bomb stops at max-response-size, with the peak memory bounded', async () => {
    // About 1 MB of gzip that inflates to 1 GB.
    const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024))
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member))
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' })
      res.end(bomb)
    })
    const probe = new URL('../../scripts/bench-probe.cjs', import.meta.url).pathname
    const run = await runStep(
      { url: server.url, 'max-response-size': '8MB' },
      { env: { NODE_OPTIONS: `--require ${probe}` } }
    )
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/decodes to more than max-response-size \(8 MB\)/)
    const report = JSON.parse(/bench-probe (.*)/.exec(run.stderr)?.[1] ?? '{}') as { maxRssKb: number }
    // 1 GB decoded if the cap did not hold; about 56 MB for a run that stops at 8 MB.
    expect(report.maxRssKb / 1024).toBeLessThan(128)
  })
})

describe('codes that retrying cannot change', () => {
  // 505 and 511 as well: judgeStatusCode's table in unit/retry.test.ts.
  it.each([501])('%i on the webhook call is final, not retried', async code => {
    const server = await serve(() => ({ status: code }))
    const run = await runStep({ url: server.url })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.received).toHaveLength(1)
  })

  it('is retried when retry-status-codes names it', async () => {
    const server = await serve((_request, _res, index) => ({ status: index === 0 ? 501 : 200 }))
    const run = await runStep({ url: server.url, 'retry-status-codes': '501' })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.received).toHaveLength(2)
  })
})

describe('idempotency-key', () => {
  /** Drops the connection after the first POST; answers the second. */
  const dropsFirst: Handler = (_request, res, index) => {
    if (index === 0) res.socket?.destroy()
    else return { status: 201, body: { id: 1 } }
  }

  it('without it, a POST whose connection broke off is never sent again', async () => {
    const server = await serve(dropsFirst)
    const run = await runStep({ url: server.url })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.received).toHaveLength(1)
    expect(server.received[0].headers['idempotency-key']).toBeUndefined()
  })

  it('with auto, the POST is retried, with the same UUID key on every attempt', async () => {
    const server = await serve(dropsFirst)
    const run = await runStep({ url: server.url, 'idempotency-key': 'auto' })
    expect(run.outputs.status).toBe('SUCCEEDED')
    const keys = server.received.map(r => r.headers['idempotency-key'])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keys[1]).toBe(keys[0])
  })

  it('with a value, sends that value', async () => {
    const server = await serve(dropsFirst)
    const run = await runStep({ url: server.url, 'idempotency-key': 'deploy-${{ github.run_id }}-1' })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.received.map(r => r.headers['idempotency-key'])).toEqual([
      'deploy-${{ github.run_id }}-1',
      'deploy-${{ github.run_id }}-1'
    ])
  })
})
