// allowed-hosts: every request the action makes (the call, polls, moved status URLs, redirects,
// the cancel call) goes only to a listed host. Each forbidden host here is a real server on
// 127.0.0.1 (another port, or a name the sandbox resolves to 127.0.0.1) that must see no request.

import { describe, expect, it } from 'vitest'
import { errorLines, runStep, visibleLog, warningLines, type ActionRun } from '../support/action.js'
import { startOidcIssuer } from '../support/oidc-issuer.js'
import { startProxy } from '../support/proxy.js'
import { sandbox } from '../support/sandbox.js'
import { gets, jobApi, type Received, type TestServer } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '20ms',
  // A regression (a refusal taken as transient) ends here, not at the test's timeout.
  timeout: '4s',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'terminal-statuses': 'FAILED',
  'cancel-endpoint': '/cancel'
}

/** Answers everything, and is not to be asked anything. */
const forbidden = (): Promise<TestServer> => serve(() => ({ status: 200, body: { status: 'SUCCEEDED' } }))

/** One input error naming `input`, and not a request sent anywhere. */
function expectInputError(run: ActionRun, input: string, servers: TestServer[]): void {
  expect(run.code).toBe(1)
  expect(errorLines(run)).toEqual([expect.stringMatching(new RegExp(`^::error::Input '${input}' `))])
  for (const server of servers) expect(server.received).toEqual([])
}

/** Waiting stopped at a refused host: TERMINAL, the host named, nothing sent there, the job cancelled. */
function expectRefused(run: ActionRun, host: string, outside: TestServer, cancelCalls: Received[]): void {
  expect(run.code).toBe(1)
  expect(run.outputs.status).toBe('TERMINAL')
  expect(run.outputs.error).toBe(
    `polling the status URL failed: refused to send a request to ${host}: not in allowed-hosts`
  )
  expect(visibleLog(run)).toContain('not in allowed-hosts')
  expect(outside.received).toEqual([])
  expect(cancelCalls).toHaveLength(1)
}

describe('allowed-hosts: the URLs the user wrote', () => {
  it('refuses a url outside the list before any request, naming url', async () => {
    const outside = await forbidden()
    const run = await runStep({ url: `${outside.url}/hooks`, 'allowed-hosts': 'api.github.com, 127.0.0.1:1' })
    expectInputError(run, 'url', [outside])
    expect(run.outputs.error).toBe(`Input 'url' goes to '127.0.0.1:${outside.port}', which is not in allowed-hosts`)
  })

  it('compares names as written, never resolving them: localhost is not 127.0.0.1', async () => {
    const outside = await forbidden()
    const run = await runStep({ url: `http://localhost:${outside.port}/`, 'allowed-hosts': '127.0.0.1' })
    expectInputError(run, 'url', [outside])
  })

  it('refuses a cancel-endpoint outside the list, naming cancel-endpoint', async () => {
    const server = await serve(() => ({ status: 200 }))
    const outside = await forbidden()
    const run = await runStep({
      url: server.url,
      'cancel-endpoint': `${outside.url}/cancel`,
      'allowed-hosts': `127.0.0.1:${server.port}`
    })
    expectInputError(run, 'cancel-endpoint', [server, outside])
  })

  // One case through the action; unit/allowed-hosts.test.ts has the table of entries refused.
  it('is an input error for an entry with a scheme', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, 'allowed-hosts': '127.0.0.1\nhttps://api.github.com' })
    expectInputError(run, 'allowed-hosts', [server])
    expect(run.outputs.error).toMatch(/has a scheme/)
  })

  it('lets listed hosts through: a name, a *. wildcard, an address with its port', async () => {
    const server = await serve(jobApi(() => ({ status: 202, headers: { Location: '/status/1' } })))
    const box = sandbox({ hosts: { 'ci.jobs.sandbox.test': '127.0.0.1' } })
    for (const [host, allowed] of [
      ['127.0.0.1', `127.0.0.1:${server.port}`],
      ['loopback.sandbox.test', 'LOOPBACK.sandbox.test.'],
      ['ci.jobs.sandbox.test', '*.sandbox.test']
    ]) {
      const run = await runStep(
        {
          url: `http://${host}:${server.port}/jobs`,
          ...waiting,
          'status-url-resolution': 'location-header',
          'allowed-hosts': allowed
        },
        { env: box.env }
      )
      expect(run.outputs.status, allowed).toBe('SUCCEEDED')
    }
    expect(gets(server.received)).toHaveLength(3)
  })
})

describe('allowed-hosts: hosts a server chooses', () => {
  it('refuses a status URL outside the list: TERMINAL, never polled, the job cancelled', async () => {
    const outside = await forbidden()
    const server = await serve(jobApi(() => ({ status: 202, headers: { Location: `${outside.url}/status/1` } })))
    const run = await runStep({
      url: `${server.url}/jobs`,
      ...waiting,
      'status-url-resolution': 'location-header',
      'allowed-hosts': `127.0.0.1:${server.port}`
    })
    expectRefused(run, `127.0.0.1:${outside.port}`, outside, server.to('/cancel'))
  })

  it('refuses a moved status URL (a 202 with a Location) outside the list', async () => {
    const outside = await forbidden()
    const server = await serve(
      jobApi(
        () => ({ status: 202, headers: { Location: '/status/1' } }),
        () => ({ status: 202, headers: { Location: `${outside.url}/status/2` } })
      )
    )
    const run = await runStep({
      url: `${server.url}/jobs`,
      ...waiting,
      'status-url-resolution': 'location-header',
      'allowed-hosts': `127.0.0.1:${server.port}`
    })
    expectRefused(run, `127.0.0.1:${outside.port}`, outside, server.to('/cancel'))
    expect(gets(server.received)).toHaveLength(1)
  })

  it('refuses a poll redirected outside the list, even to a name for the same address', async () => {
    const outside = await forbidden()
    const server = await serve(
      jobApi(
        () => ({ status: 202, headers: { Location: '/status/1' } }),
        () => ({ status: 302, headers: { Location: `http://loopback.sandbox.test:${outside.port}/status/1` } })
      )
    )
    const box = sandbox()
    const run = await runStep(
      {
        url: `${server.url}/jobs`,
        ...waiting,
        'status-url-resolution': 'location-header',
        'allowed-hosts': '127.0.0.1'
      },
      { env: box.env }
    )
    expectRefused(run, `loopback.sandbox.test:${outside.port}`, outside, server.to('/cancel'))
  })

  it('refuses a redirect of the webhook call outside the list: TERMINAL', async () => {
    const outside = await forbidden()
    const server = await serve(() => ({ status: 307, headers: { Location: `${outside.url}/hooks` } }))
    const run = await runStep({ url: server.url, method: 'GET', 'allowed-hosts': `127.0.0.1:${server.port}` })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toBe(
      `the webhook call failed: refused to send a request to 127.0.0.1:${outside.port}: not in allowed-hosts`
    )
    expect(server.received).toHaveLength(1)
    expect(outside.received).toEqual([])
  })

  it('skips a cancel call whose placeholder-filled host is outside the list, with a warning', async () => {
    const outside = await forbidden()
    const server = await serve(
      jobApi(
        () => ({ status: 202, headers: { Location: '/status/1' }, body: { host: 'loopback.sandbox.test' } }),
        () => ({ status: 200, body: { status: 'RUNNING' } })
      )
    )
    const box = sandbox()
    const run = await runStep(
      {
        url: `${server.url}/jobs`,
        ...waiting,
        timeout: '300ms',
        'status-url-resolution': 'location-header',
        'cancel-endpoint': `http://{$.host}:${outside.port}/cancel`,
        'allowed-hosts': '127.0.0.1'
      },
      { env: box.env }
    )
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^timed out after 300ms of polling/)
    expect(warningLines(run)).toContainEqual(
      `::warning::cancel call POST http://loopback.sandbox.test:${outside.port}/cancel failed: refused to send a request to loopback.sandbox.test:${outside.port}: not in allowed-hosts`
    )
    expect(outside.received).toEqual([])
  })

  it('allows the same cancel call when its filled-in host is listed', async () => {
    const server = await serve(
      jobApi(
        () => ({ status: 202, headers: { Location: '/status/1' }, body: { host: '127.0.0.1' } }),
        () => ({ status: 200, body: { status: 'RUNNING' } })
      )
    )
    const run = await runStep({
      url: `${server.url}/jobs`,
      ...waiting,
      timeout: '300ms',
      'status-url-resolution': 'location-header',
      'cancel-endpoint': `http://{$.host}:${server.port}/cancel`,
      'allowed-hosts': '127.0.0.1'
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.to('/cancel')).toHaveLength(1)
  })
})

describe('allowed-hosts: what it does not cover', () => {
  it("holds for a proxy's target, never for the proxy itself", async () => {
    const proxy = await startProxy()
    try {
      const outside = await forbidden()
      const server = await serve(
        jobApi(() => ({ status: 202, headers: { Location: `http://outside.test:${outside.port}/status/1` } }))
      )
      const run = await runStep(
        {
          url: `http://webhook.test:${server.port}/jobs`,
          ...waiting,
          'status-url-resolution': 'location-header',
          'allowed-hosts': 'webhook.test'
        },
        { env: { http_proxy: proxy.url } }
      )
      // The call went through the proxy, which is not listed; the status URL it named is refused.
      expect(server.received[0].headers.host).toBe(`webhook.test:${server.port}`)
      expectRefused(run, `outside.test:${outside.port}`, outside, server.to('/cancel'))
      expect(proxy.tunnels.every(tunnel => tunnel === `webhook.test:${server.port}`)).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  it("never stops the runner's own OIDC token endpoint", async () => {
    const issuer = await startOidcIssuer()
    try {
      const server = await serve(() => ({ status: 200, body: { ok: true } }))
      const run = await runStep(
        { url: server.url, 'oidc-audience': 'deploy', 'allowed-hosts': `127.0.0.1:${server.port}` },
        { env: issuer.env }
      )
      expect(run.outputs.status).toBe('SUCCEEDED')
      expect(issuer.issued).toHaveLength(1)
      expect(server.received[0].headers.authorization).toBe(`Bearer ${issuer.issued[0].token}`)
    } finally {
      await issuer.close()
    }
  })
})
