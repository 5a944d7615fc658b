// One HTTP exchange with a whole-exchange deadline, a size cap enforced while the body streams
// in, and abort; and the redirect rules around it. The runner's proxy settings (https_proxy,
// http_proxy, no_proxy) apply, as @actions/http-client reads them. A host chosen by a server
// (a status URL, a redirect) may not be, or resolve to, a link-local address.

import * as dns from 'node:dns'
import * as http from 'node:http'
import * as https from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { formatBytes, formatDuration } from './formats.js'
import { IDEMPOTENT_METHODS } from './retry.js'

export type Headers = Record<string, string | string[]>

export interface HttpRequest {
  method: string
  url: URL
  /** Sent everywhere: User-Agent, Accept, Content-Type. */
  headers: Headers
  /** The user's headers and Basic authentication: never carried to another origin. */
  credentials: Headers
  body?: Buffer
  timeoutMs: number
  maxResponseBytes: number
  signal?: AbortSignal
  /**
   * The host the user configured (a `URL.hostname`): the webhook URL's for the call and the
   * polls, the cancel URL's for the cancel call. Any other host, chosen by a server, may not be
   * a link-local address (see refusedTarget).
   */
  trustedHost: string
}

export interface HttpAnswer {
  code: number
  reason: string
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** Where the answer came from, after redirects. */
  url: URL
  ms: number
}

/**
 * connect: the request never reached the server (refused, unreachable, or no connection in
 * time); dns: the host name did not resolve; reset: the connection broke off after the request
 * may have been sent; timeout: no complete answer in time after it was sent; refused: this
 * action would not connect (a link-local address chosen by a server), never retried.
 */
export type FailureKind =
  'connect' | 'dns' | 'reset' | 'timeout' | 'too-large' | 'tls' | 'redirect' | 'protocol' | 'aborted' | 'refused'

export class ExchangeError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The exchange's deadline (timeoutMs) passed. */
    readonly deadlinePassed = false
  ) {
    super(message)
  }
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 10

/** An exchange, following redirects for GET and HEAD only, never from https to http. */
export async function send(request: HttpRequest): Promise<HttpAnswer> {
  const follow = request.method === 'GET' || request.method === 'HEAD'
  let current = request
  for (let redirects = 0; ; redirects++) {
    const answer = await exchange(current)
    const location = answer.headers.location
    if (!follow || !REDIRECT_CODES.has(answer.code) || !location) return answer
    if (redirects === MAX_REDIRECTS) {
      throw new ExchangeError('redirect', `more than ${MAX_REDIRECTS} redirects`)
    }
    let next: URL
    try {
      next = new URL(location, current.url)
    } catch {
      throw new ExchangeError('redirect', `a redirect to a Location that is not a URL`)
    }
    next.username = ''
    next.password = ''
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new ExchangeError('redirect', `refused a redirect to a ${next.protocol} URL`)
    }
    if (current.url.protocol === 'https:' && next.protocol === 'http:') {
      throw new ExchangeError('redirect', `refused a redirect from https to http (${next.host})`)
    }
    const sameOrigin = next.origin === current.url.origin
    current = { ...current, url: next, credentials: sameOrigin ? current.credentials : {} }
  }
}

async function exchange(request: HttpRequest): Promise<HttpAnswer> {
  const { url, method, signal, timeoutMs, maxResponseBytes } = request
  const refusal = refusedTarget(url, request.trustedHost)
  if (refusal) throw refusal
  const trusted = url.hostname === request.trustedHost
  // A broken-off POST must not be sent again, so it gets a fresh connection: a reused one may
  // have been closed by the server a moment before.
  const { agent, proxied } = await agentFor(url, IDEMPOTENT_METHODS.has(method))
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const secure = url.protocol === 'https:'
    // Whether any byte of the request may have reached the server.
    let sent = false
    let settled = false

    const req = (secure ? https : http).request({
      method,
      hostname: bare(url.hostname),
      port: url.port || undefined,
      path: url.pathname + url.search,
      // Content-Length always: Node frames no body for DELETE or OPTIONS without it.
      headers: {
        ...request.headers,
        ...request.credentials,
        ...(request.body && { 'Content-Length': request.body.length })
      },
      agent,
      // The address a name resolves to is checked as the connection is made, with no look-up of
      // its own. Behind a proxy the proxy resolves the name, so only the literal check applies.
      ...(!trusted && !proxied && { lookup: lookupRefusingLinkLocal })
    })

    const settle = (error: ExchangeError | undefined, answer?: HttpAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      signal?.removeEventListener('abort', onAbort)
      if (error) {
        req.destroy()
        reject(error)
      } else resolve(answer as HttpAnswer)
    }
    const deadline = setTimeout(() => {
      const limit = formatDuration(timeoutMs)
      settle(
        sent
          ? new ExchangeError('timeout', `no complete answer within ${limit}`, true)
          : new ExchangeError('connect', `could not connect within ${limit}`, true)
      )
    }, timeoutMs)
    const onAbort = (): void => settle(new ExchangeError('aborted', 'aborted'))
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort)

    req.on('socket', socket => {
      if (!socket.connecting) sent = true
      else socket.once(secure ? 'secureConnect' : 'connect', () => (sent = true))
    })
    req.on('error', error => settle(describeFailure(error as NodeJS.ErrnoException, sent, url)))
    req.on('response', res => {
      const tooLarge = (): void =>
        settle(
          new ExchangeError(
            'too-large',
            `the answer is larger than max-response-size (${formatBytes(maxResponseBytes)})`
          )
        )
      // A HEAD, 204 or 304 answer declares the length of a body it does not send.
      const bodyless = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304
      if (!bodyless && Number(res.headers['content-length']) > maxResponseBytes) return tooLarge()
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxResponseBytes) tooLarge()
        else chunks.push(chunk)
      })
      const brokeOff = (): void => settle(new ExchangeError('reset', 'the connection broke off during the answer'))
      res.on('error', brokeOff)
      res.on('close', () => {
        if (!res.complete) brokeOff()
      })
      res.on('end', () =>
        settle(undefined, {
          code: res.statusCode ?? 0,
          reason: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks, size),
          url,
          ms: performance.now() - started
        })
      )
    })
    req.end(request.body)
  })
}

const TLS_FAILURE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME/

export function describeFailure(error: NodeJS.ErrnoException, sent: boolean, url: URL): ExchangeError {
  if (error instanceof LinkLocalRefusal) return refused(url, error.address)
  const code = error.code ?? ''
  switch (code) {
    case 'ECONNREFUSED':
      return new ExchangeError('connect', `connection refused by ${url.host}`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new ExchangeError('dns', `DNS look-up of ${url.hostname} failed (${code})`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ETIMEDOUT':
      if (!sent) return new ExchangeError('connect', `could not connect to ${url.host} (${code})`)
      break
  }
  if (TLS_FAILURE.test(code)) return new ExchangeError('tls', `TLS failed with ${url.host}: ${error.message}`)
  if (code.startsWith('HPE_')) return new ExchangeError('protocol', `${url.host} sent a malformed answer (${code})`)
  if (!sent) return new ExchangeError('connect', `could not connect to ${url.host} (${code || error.message})`)
  return new ExchangeError('reset', `the connection broke off (${code || error.message})`)
}

const LINK_LOCAL = new BlockList()
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4')
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6')

/**
 * Whether an IP address (without brackets) is link-local: 169.254.0.0/16 or fe80::/10, IPv4-mapped
 * IPv6 (`::ffff:169.254.169.254`) included. A host name is not an address: false. Other spellings
 * of IPv4 (`2852039166`, `0xa9.0xfe.0xa9.0xfe`, octal) are normalized by `URL` to dotted decimal.
 */
export function isLinkLocal(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  // A zone (`fe80::1%eth0`, from a resolver) is not part of the address.
  const zone = address.indexOf('%')
  return LINK_LOCAL.check(zone < 0 ? address : address.slice(0, zone), family === 6 ? 'ipv6' : 'ipv4')
}

/** An IPv6 hostname without its brackets. */
function bare(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
}

/**
 * The refusal of a URL whose host is a link-local address, unless it is `trustedHost` (compared
 * as `URL` normalizes both). A name is checked later, as it resolves (lookupRefusingLinkLocal).
 */
export function refusedTarget(url: URL, trustedHost: string): ExchangeError | undefined {
  if (url.hostname === trustedHost) return undefined
  const hostname = bare(url.hostname)
  return isLinkLocal(hostname) ? refused(url, hostname) : undefined
}

function refused(url: URL, address: string): ExchangeError {
  const where = bare(url.hostname) === address ? url.host : `${url.host} (${address})`
  return new ExchangeError(
    'refused',
    `refused to connect to ${where}: a link-local address, which a server may not choose`
  )
}

/** A name resolved to a link-local address: the connection is never made. */
class LinkLocalRefusal extends Error {
  readonly code = 'ELINKLOCAL'

  constructor(
    readonly hostname: string,
    readonly address: string
  ) {
    super(`${hostname} resolves to ${address}, a link-local address`)
  }
}

/**
 * `dns.lookup`, failing when any address the name resolves to is link-local. Node calls it as
 * it connects; since Node 20 (autoSelectFamily, happy eyeballs) with `{ all: true }`, which
 * answers a list of addresses, else one address and its family.
 */
export const lookupRefusingLinkLocal: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, options, (error: NodeJS.ErrnoException | null, address: unknown, family?: number) => {
    if (error) return callback(error, '', 0)
    const addresses = Array.isArray(address) ? (address as dns.LookupAddress[]) : [{ address: address as string }]
    const linkLocal = addresses.find(entry => isLinkLocal(entry.address))
    if (linkLocal) return callback(new LinkLocalRefusal(hostname, linkLocal.address), '', 0)
    ;(callback as (error: null, address: unknown, family?: number) => void)(null, address, family)
  })
}

const agents = new Map<string, { agent: http.Agent; proxied: boolean }>()

async function agentFor(url: URL, keepAlive: boolean): Promise<{ agent: http.Agent; proxied: boolean }> {
  const proxy = getProxyUrl(url)
  const key = `${url.protocol} ${keepAlive} ${proxy?.href ?? ''}`
  let entry = agents.get(key)
  if (!entry) {
    let agent: http.Agent
    if (proxy) {
      // Only behind a proxy: @actions/http-client's tunnelling agents weigh 1 MB (undici).
      const { HttpClient } = await import('@actions/http-client')
      agent = new HttpClient('webhook-stage-action', [], { keepAlive }).getAgent(url.href)
    } else {
      agent = new (url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive })
    }
    entry = { agent, proxied: proxy !== undefined }
    agents.set(key, entry)
  }
  return entry
}

/** Closes kept-alive connections so that a finished step exits at once. */
export function closeConnections(): void {
  for (const { agent } of agents.values()) agent.destroy?.()
  agents.clear()
}
