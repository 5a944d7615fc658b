// Behind a proxy (self-hosted runners often are), the runner's http_proxy / https_proxy apply.

import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as net from 'node:net'
import { describe, expect, it } from 'vitest'
import { runStep } from '../support/action.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

/** A CONNECT proxy on 127.0.0.1 that sends every tunnel to 127.0.0.1, whatever host was asked. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = []
  const sockets = new Set<net.Socket>()
  const proxy = http.createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '')
    const port = Number((req.url ?? '').split(':').at(-1))
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => sockets.delete(socket))
    }
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        proxy.close(() => resolve())
      })
  }
}

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
})
