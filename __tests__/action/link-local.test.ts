// A server cannot steer polls to a link-local address (169.254.0.0/16, fe80::/10: the cloud
// metadata services of self-hosted runners), unless the webhook URL itself is on one. Every run
// here is in the network sandbox (support/sandbox.mjs): names resolve from a fixed table and a
// connection outside loopback is refused and logged, so a regression fails a test instead of
// sending traffic.

import { execFile } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { runStep, visibleLog, type ActionRun } from '../support/action.js'
import { sandbox, type Sandbox } from '../support/sandbox.js'
import { gets, jobApi, type Received } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '20ms',
  // A regression (a refused connection is transient) ends here, not at the test's timeout.
  timeout: '4s',
  'request-timeout': '2s',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'terminal-statuses': 'FAILED',
  'cancel-endpoint': '/cancel'
}

/** The run stopped waiting for a refused link-local target, sent nothing there, and cancelled the job. */
function expectRefused(run: ActionRun, box: Sandbox, cancelCalls: Received[]): void {
  expect(run.code).toBe(1)
  expect(run.outputs.status).toBe('TERMINAL')
  expect(run.outputs.error).toMatch(/^polling the status URL failed: refused to connect to .*: a link-local address/)
  expect(visibleLog(run)).toMatch(/stopped waiting: polling the status URL failed: .*link-local/)
  expect(run.summary).toContain('link-local')
  // Nothing tried to leave loopback.
  expect(box.blocked()).toEqual([])
  expect(cancelCalls).toHaveLength(1)
}

describe('the network sandbox', () => {
  it('refuses and logs connections outside loopback, knows only its own names, and lets loopback through', async () => {
    const server = await serve(() => ({ status: 200, body: 'local' }))
    const box = sandbox()
    const script = `
      const http = require('node:http')
      const get = url => new Promise(resolve =>
        http.get(url, res => { res.resume(); res.on('end', () => resolve(String(res.statusCode))) })
          .on('error', error => resolve(error.code)))
      ;(async () => {
        const results = []
        for (const url of process.argv.slice(1)) results.push(await get(url))
        console.log(JSON.stringify(results))
      })()`
    const urls = [
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.sandbox.test/latest/meta-data/',
      'http://v6.sandbox.test/',
      'http://example.com/',
      'http://10.0.0.1/',
      `${server.url}/here`,
      `http://loopback.sandbox.test:${server.port}/there`
    ]
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', script, ...urls],
        { env: { PATH: process.env.PATH, ...box.env } },
        (error, out) => (error ? reject(error) : resolve(out))
      )
    )
    expect(JSON.parse(stdout)).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
      'ECONNREFUSED',
      'ENOTFOUND',
      'ECONNREFUSED',
      '200',
      '200'
    ])
    expect(box.blocked().map(attempt => `${attempt.host} ${attempt.address}`)).toEqual([
      '169.254.169.254 169.254.169.254',
      'metadata.sandbox.test 169.254.169.254',
      'v6.sandbox.test fe80::1',
      '10.0.0.1 10.0.0.1'
    ])
    expect(box.attempts().filter(attempt => attempt.kind === 'dns')).toMatchObject([{ host: 'example.com' }])
    expect(server.received.map(request => request.url)).toEqual(['/here', '/there'])
  })
})

describe('a status URL chosen by the server on a link-local address', () => {
  // One spelling of each kind; unit/link-local.test.ts reads the others (hex, octal, fe80::1 …).
  it.each([
    ['169.254.169.254', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:169.254.169.254]/latest/meta-data/', '[::ffff:a9fe:a9fe]'],
    ['the end of fe80::/10', 'http://[febf::1]:8080/', '[febf::1]:8080'],
    [
      'a name resolving to 169.254.169.254',
      'http://metadata.sandbox.test/latest/meta-data/',
      'metadata.sandbox.test (169.254.169.254)'
    ],
    ['a name resolving to fe80::1', 'http://v6.sandbox.test/', 'v6.sandbox.test (fe80::1)']
  ])(
    'in a Location header (%s) is TERMINAL, never polled, and the job is cancelled',
    async (_name, location, shown) => {
      const server = await serve(jobApi(() => ({ status: 202, headers: { Location: location } })))
      const box = sandbox()
      const run = await runStep(
        { url: `${server.url}/jobs`, ...waiting, 'status-url-resolution': 'location-header' },
        { env: box.env }
      )
      expectRefused(run, box, server.to('/cancel'))
      expect(run.outputs.error).toBe(
        `polling the status URL failed: refused to connect to ${shown}: a link-local address, which a server may not choose`
      )
      expect(gets(server.received)).toEqual([])
    }
  )

  it('in the answer body, spelled as a decimal number, is TERMINAL and the job is cancelled', async () => {
    const server = await serve(
      jobApi(() => ({ status: 202, body: { links: { status: 'http://2852039166/latest/meta-data/iam/' } } }))
    )
    const box = sandbox()
    const run = await runStep(
      {
        url: `${server.url}/jobs`,
        ...waiting,
        'status-url-resolution': 'webhook-response',
        'status-url-json-path': '$.links.status'
      },
      { env: box.env }
    )
    expectRefused(run, box, server.to('/cancel'))
    expect(run.outputs.error).toContain('refused to connect to 169.254.169.254: a link-local address')
  })
})

describe('a poll redirected to a link-local address', () => {
  it.each([
    [
      'a name resolving to one',
      'http://metadata.sandbox.test/latest/meta-data/',
      'metadata.sandbox.test (169.254.169.254)'
    ],
    ['an address', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['an IPv6 address', 'http://[fe80::a9fe:a9fe]/', '[fe80::a9fe:a9fe]']
  ])('(%s) is TERMINAL, not followed, and the job is cancelled', async (_name, location, shown) => {
    const server = await serve(
      jobApi(
        () => ({ status: 202, headers: { Location: '/status/1' } }),
        () => ({ status: 302, headers: { Location: location } })
      )
    )
    const box = sandbox()
    const run = await runStep(
      { url: `${server.url}/jobs`, ...waiting, 'status-url-resolution': 'location-header' },
      { env: box.env }
    )
    expectRefused(run, box, server.to('/cancel'))
    expect(run.outputs.error).toBe(
      `polling the status URL failed: refused to connect to ${shown}: a link-local address, which a server may not choose`
    )
    expect(gets(server.received).map(request => request.url)).toEqual(['/status/1'])
  })
})

// The sandbox diverts connections meant for 169.254.169.254 to 127.0.0.1 (same port), so the
// action's process believes it connects to the metadata address while the test server answers.
describe("the webhook URL's own link-local host", () => {
  const divert = { '169.254.169.254': '127.0.0.1' }

  it.each([
    ['an address', (port: number) => `http://169.254.169.254:${port}`],
    ['a name resolving to one', (port: number) => `http://metadata.sandbox.test:${port}`]
  ])('(%s) may be polled', async (_name, base) => {
    const server = await serve(jobApi(() => ({ status: 202, headers: { Location: '/status/1' } })))
    const box = sandbox({ divert })
    const run = await runStep(
      { url: `${base(server.port)}/jobs`, ...waiting, 'status-url-resolution': 'location-header' },
      { env: box.env }
    )
    expect(run.outputs.error ?? '').toBe('')
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.received.map(request => `${request.method} ${request.url}`)).toEqual(['POST /jobs', 'GET /status/1'])
    expect(box.blocked()).toEqual([])
    expect(box.attempts().filter(attempt => attempt.kind === 'diverted').length).toBeGreaterThan(0)
  })

  it('may be polled in another spelling of the same address', async () => {
    const server = await serve(
      jobApi(() => ({ status: 202, headers: { Location: `http://2852039166:${server.port}/status/1` } }))
    )
    const box = sandbox({ divert })
    const run = await runStep(
      { url: `http://169.254.169.254:${server.port}/jobs`, ...waiting, 'status-url-resolution': 'location-header' },
      { env: box.env }
    )
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(gets(server.received).map(request => request.url)).toEqual(['/status/1'])
    expect(box.blocked()).toEqual([])
  })

  it('is the only exception: another link-local host is refused', async () => {
    const server = await serve(
      // 169.254.170.2: the ECS task metadata endpoint.
      jobApi(() => ({ status: 202, headers: { Location: `http://169.254.170.2:${server.port}/v2/credentials` } }))
    )
    const box = sandbox({ divert })
    const run = await runStep(
      { url: `http://169.254.169.254:${server.port}/jobs`, ...waiting, 'status-url-resolution': 'location-header' },
      { env: box.env }
    )
    expectRefused(run, box, server.to('/cancel'))
    expect(run.outputs.error).toContain(`refused to connect to 169.254.170.2:${server.port}: a link-local address`)
    expect(gets(server.received)).toEqual([])
  })

  it('a cancel endpoint the user put on a link-local host is called', async () => {
    const server = await serve(jobApi(() => ({ status: 202, headers: { Location: 'http://[fe80::1]/' } })))
    const box = sandbox({ divert })
    const run = await runStep(
      {
        url: `${server.url}/jobs`,
        ...waiting,
        'status-url-resolution': 'location-header',
        'cancel-endpoint': `http://169.254.169.254:${server.port}/cancel`
      },
      { env: box.env }
    )
    expectRefused(run, box, server.to('/cancel'))
    expect(box.attempts()).toMatchObject([{ kind: 'diverted', host: '169.254.169.254', to: '127.0.0.1' }])
  })
})
