// Behind a proxy (self-hosted runners often are), the runner's http_proxy / https_proxy apply, and
// TLS inside the tunnel names its target as Node's own https agent does.

import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { runStep } from '../support/action.js'
import { selfSignedServer } from '../support/certificates.js'
import { startProxy } from '../support/proxy.js'
import { sandbox } from '../support/sandbox.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

describe('behind a proxy', () => {
  it('the webhook call and the polls go through http_proxy', async () => {
    const proxy = await startProxy()
    try {
      const server = await serve(request =>
        request.method === 'GET' ? { status: 200, body: { status: 'done' } } : { status: 202 }
      )
      const run = await runStep(
        {
          url: `http://webhook.test:${server.port}/jobs`,
          'wait-for-completion': 'true',
          'status-json-path': '$.status',
          'success-statuses': 'done'
        },
        { env: { http_proxy: proxy.url } }
      )
      expect(run.code).toBe(0)
      expect(server.received.map(request => `${request.method} ${request.headers.host}`)).toEqual([
        `POST webhook.test:${server.port}`,
        `GET webhook.test:${server.port}`
      ])
      expect(proxy.tunnels.every(tunnel => tunnel === `webhook.test:${server.port}`)).toBe(true)
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
    } finally {
      await proxy.close()
    }
  })

  it('a host named in no_proxy is called directly, the proxy never asked', async () => {
    const proxy = await startProxy()
    // The sandbox resolves webhook.test to 127.0.0.1 without asking DNS.
    const box = sandbox({ hosts: { 'webhook.test': '127.0.0.1' } })
    try {
      const server = await serve(() => ({ status: 200 }))
      const run = await runStep(
        { url: `http://webhook.test:${server.port}/hook`, retries: '0' },
        { env: { ...box.env, http_proxy: proxy.url, no_proxy: 'example.com,webhook.test' } }
      )
      expect(run.outputs.status).toBe('SUCCEEDED')
      expect(proxy.tunnels).toEqual([])
      expect(server.received.map(request => request.headers.host)).toEqual([`webhook.test:${server.port}`])
    } finally {
      await proxy.close()
    }
  })

  // The proxy sends every tunnel to 127.0.0.1, where an https server answers with a certificate
  // for the name or address the URL gives: TLS runs inside the tunnel, checked against that name.
  const secureServer = async (altNames: string) => {
    const { key, cert, remove } = selfSignedServer(altNames)
    const hosts: (string | undefined)[] = []
    const server = https.createServer({ key: key.pem, cert: cert.pem }, (req, res) => {
      hosts.push(req.headers.host)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return {
      cert: cert.pem,
      hosts,
      port: (server.address() as AddressInfo).port,
      close: async () => {
        server.closeAllConnections()
        await new Promise(resolve => server.close(resolve))
        remove()
      }
    }
  }

  /** Runs `check` with a fresh proxy and an https server for `altNames`, and closes both after. */
  async function throughProxy(
    altNames: string,
    check: (
      proxy: Awaited<ReturnType<typeof startProxy>>,
      secure: Awaited<ReturnType<typeof secureServer>>
    ) => Promise<void>
  ): Promise<void> {
    const proxy = await startProxy()
    const secure = await secureServer(altNames)
    try {
      await check(proxy, secure)
    } finally {
      await secure.close()
      await proxy.close()
    }
  }

  it.each([
    ['a host name', 'webhook.test', 'DNS:webhook.test'],
    ['an IPv4 literal', '192.0.2.1', 'IP:192.0.2.1'],
    ['an IPv6 literal', '[2001:db8::1]', 'IP:2001:db8::1']
  ])('an https URL with %s goes through https_proxy, its certificate checked', async (_what, host, altNames) => {
    await throughProxy(altNames, async (proxy, secure) => {
      const run = await runStep(
        { url: `https://${host}:${secure.port}/hook`, 'ca-certificates': secure.cert, retries: '0' },
        { env: { https_proxy: proxy.url } }
      )
      expect(run.outputs.error).toBe('')
      expect(run.outputs['status-code']).toBe('200')
      expect(proxy.tunnels).toEqual([`${host}:${secure.port}`])
      expect(secure.hosts).toEqual([`${host}:${secure.port}`])
      // An address is no server name (RFC 6066): Node warns when one is sent as such.
      expect(run.stderr).toBe('')
    })
  })

  it('names the server after a Host header the user gives, as it does without a proxy', async () => {
    await throughProxy('DNS:deploy.example.com', async (proxy, secure) => {
      const inputs = { 'ca-certificates': secure.cert, headers: 'Host: deploy.example.com', retries: '0' }
      const direct = await runStep({ url: `https://127.0.0.1:${secure.port}/hook`, ...inputs })
      const proxied = await runStep(
        { url: `https://192.0.2.1:${secure.port}/hook`, ...inputs },
        { env: { https_proxy: proxy.url } }
      )
      for (const run of [direct, proxied]) expect(run.outputs['status-code']).toBe('200')
      expect(proxy.tunnels).toEqual([`192.0.2.1:${secure.port}`])
      expect(secure.hosts).toEqual(['deploy.example.com', 'deploy.example.com'])
    })
  })

  it('refuses, through https_proxy, a certificate for another address than the URL names', async () => {
    await throughProxy('IP:2001:db8::2', async (proxy, secure) => {
      const run = await runStep(
        { url: `https://[2001:db8::1]:${secure.port}/hook`, 'ca-certificates': secure.cert, retries: '0' },
        { env: { https_proxy: proxy.url } }
      )
      expect(run.outputs.status).toBe('TERMINAL')
      expect(run.outputs.error).toMatch(/certificate is not for \[2001:db8::1\]:\d+/)
      expect(secure.hosts).toEqual([])
    })
  })
})
