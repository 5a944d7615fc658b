// A CONNECT proxy on 127.0.0.1 for black-box tests: it records each tunnel's target as the
// CONNECT line named it.

import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as net from 'node:net'

/** A CONNECT proxy on 127.0.0.1 that sends every tunnel to 127.0.0.1, whatever host was asked. */
export async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
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
