// A real HTTP server on 127.0.0.1 for black-box tests: each test says how it answers and reads
// back what it was sent.

import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  /** Path and query. */
  url: string
  headers: http.IncomingHttpHeaders
  /** Header lines as sent, names as written. */
  rawHeaders: string[]
  body: string
  at: number
  /** The client's port: one per connection. */
  remotePort: number
}

export interface Answer {
  status?: number
  headers?: Record<string, string | string[]>
  body?: string | object
}

/** Answers a request: return an Answer, or write to `res` yourself and return nothing. */
export type Handler = (
  request: Received,
  res: http.ServerResponse,
  index: number
) => Answer | void | Promise<Answer | void>

export interface TestServer {
  url: string
  port: number
  received: Received[]
  /** Received requests whose path starts with `prefix`. */
  to(prefix: string): Received[]
  close(): Promise<void>
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const received: Received[] = []
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', chunk => chunks.push(chunk))
    req.on('end', () => void answer())
    const answer = async (): Promise<void> => {
      const request: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
        remotePort: req.socket.remotePort ?? 0
      }
      received.push(request)
      const reply = await handler(request, res, received.length - 1)
      if (reply) send(res, reply)
    }
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    to: prefix => received.filter(request => request.url.startsWith(prefix)),
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

export function send(res: http.ServerResponse, { status = 200, headers = {}, body }: Answer): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  const contentType = typeof body === 'object' ? { 'Content-Type': 'application/json' } : {}
  res.writeHead(status, { ...contentType, ...headers })
  res.end(text)
}

/** A port nothing listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise(resolve => server.close(resolve))
  return port
}

/**
 * Node's timers may fire up to a millisecond before a wall clock says they should; a wait of
 * `ms` is seen by the server as at least this.
 */
export function waited(ms: number): number {
  return ms - 5
}

/**
 * A job API whose answers a test chooses: the webhook call answers `created` (which may point the
 * polls anywhere); a poll answers SUCCEEDED, or what `poll` says; `/cancel` records the cancel call.
 */
export function jobApi(created: Handler, poll?: Handler): Handler {
  return (request, res, index) => {
    if (request.url.startsWith('/cancel')) return { status: 202, body: { canceled: true } }
    if (request.method === 'GET')
      return poll ? poll(request, res, index) : { status: 200, body: { status: 'SUCCEEDED' } }
    return created(request, res, index)
  }
}

/** The polls among what a server received. */
export const gets = (received: Received[]): Received[] => received.filter(request => request.method === 'GET')
