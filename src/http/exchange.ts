// One HTTP exchange with a whole-exchange deadline, a size cap enforced while the body streams
// in, and abort; and the redirect rules around it (a redirect's Location is built by
// urlFromServer). Connections and the runner's proxy settings are agents.ts's. A host chosen by a
// server (a status URL, a redirect) may not be, or resolve to, a link-local address; with
// allowed-hosts, no request goes to a host outside the list.

import * as http from 'node:http'
import { readDecodedBody } from './decode.js'
import { isAllowedHost, notAllowedMessage, type AllowedHost } from './allowed-hosts.js'
import { formatBytes, formatDuration } from '../formats.js'
import { now } from '../clock.js'
import { whenAborted } from '../abort.js'
import { bare, linkLocalTarget, LinkLocalRefusal, lookupRefusingLinkLocal } from './link-local.js'
import { cleanOpenSslMessage, describeTlsFailure, isTlsFailure } from './tls-failure.js'
import { agentFor, loadHttps, type TlsSettings } from './agents.js'
import { ServerUrlError, urlFromServer, type UserInfoTaker } from '../url-from-server.js'

export type Headers = Record<string, string | string[]>

/** Whether `headers` name `lowerName`, in any case: HTTP's header names are case-insensitive. */
export function hasHeader(headers: Headers, lowerName: string): boolean {
  return Object.keys(headers).some(name => name.toLowerCase() === lowerName)
}

/** The value of the header `lowerName` names in any case (the first, when it has several). */
export function headerValue(headers: Headers, lowerName: string): string | undefined {
  const name = Object.keys(headers).find(key => key.toLowerCase() === lowerName)
  const value = name === undefined ? undefined : headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Methods that may be sent twice with the same effect as once (RFC 9110, 9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

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
   * a link-local address (see linkLocalTarget).
   */
  trustedHost: string
  /** allowed-hosts: when set, a request (each redirect hop too) to any other host is never sent. */
  allowedHosts?: readonly AllowedHost[]
  /**
   * For https: the client's certificate and key (mutual TLS), like credentials never carried to
   * another origin, and the CAs trusted (Node's own plus ca-certificates).
   */
  tls?: TlsSettings
  /** The run's secrets: user info in any URL of an answer's headers is taken into them, never sent. */
  secrets: UserInfoTaker
}

export interface HttpAnswer {
  code: number
  reason: string
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** Where the answer came from, after redirects. */
  url: URL
  /** A redirect on the way was `303 See Other`: this is the result the status resource pointed to. */
  seeOther?: boolean
  ms: number
}

/**
 * connect: the request never reached the server (refused, unreachable, or no connection in
 * time); dns: the host name did not resolve; reset: the connection broke off after the request
 * may have been sent; timeout: no complete answer in time after it was sent; refused: this
 * action would not connect (a link-local address chosen by a server, a host outside
 * allowed-hosts), never retried.
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
  let seeOther = false
  for (let redirects = 0; ; redirects++) {
    const answer = await exchangeOnce(current)
    const location = answer.headers.location
    if (!follow || !REDIRECT_CODES.has(answer.code) || !location) return seeOther ? { ...answer, seeOther } : answer
    seeOther ||= answer.code === 303
    if (redirects === MAX_REDIRECTS) {
      throw new ExchangeError('redirect', `more than ${MAX_REDIRECTS} redirects`)
    }
    let next: URL
    try {
      next = urlFromServer(location, current.url, current.secrets, 'its Location')
    } catch (error) {
      if (error instanceof ServerUrlError) throw new ExchangeError('redirect', `refused a redirect: ${error.message}`)
      throw error
    }
    if (current.url.protocol === 'https:' && next.protocol === 'http:') {
      throw new ExchangeError('redirect', `refused a redirect from https to http (${next.host})`)
    }
    const sameOrigin = next.origin === current.url.origin
    current = sameOrigin
      ? { ...current, url: next }
      : { ...current, url: next, credentials: {}, tls: current.tls?.ca && { ca: current.tls.ca } }
  }
}

async function exchangeOnce(request: HttpRequest): Promise<HttpAnswer> {
  const { url, method, signal, timeoutMs, maxResponseBytes } = request
  if (request.allowedHosts && !isAllowedHost(url, request.allowedHosts)) {
    throw new ExchangeError('refused', notAllowedMessage(url))
  }
  const linkLocal = linkLocalTarget(url, request.trustedHost)
  if (linkLocal) throw refused(url, linkLocal)
  const trusted = url.hostname === request.trustedHost
  // A broken-off POST must not be sent again, so it gets a fresh connection: a reused one may
  // have been closed by the server a moment before.
  const { agent, proxied } = await agentFor(url, IDEMPOTENT_METHODS.has(method), request.tls)
  const secure = url.protocol === 'https:'
  const transport = secure ? await loadHttps() : http
  return new Promise((resolve, reject) => {
    // Cancelled while the agent or the token was got: no request at all (one destroyed before it
    // has a socket reports an error no listener would hear yet).
    if (signal?.aborted) return reject(new ExchangeError('aborted', 'aborted'))
    const started = now()
    // Whether any byte of the request may have reached the server.
    let sent = false
    let settled = false

    const req = transport.request({
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

    let stopListening: (() => void) | undefined
    const settle = (error: ExchangeError | undefined, answer?: HttpAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      stopListening?.()
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
    if (signal) stopListening = whenAborted(signal, onAbort)

    req.on('socket', socket => {
      if (!socket.connecting) sent = true
      else socket.once(secure ? 'secureConnect' : 'connect', () => (sent = true))
    })
    req.on('error', error =>
      settle(describeFailure(error as NodeJS.ErrnoException, sent, url, request.tls?.cert !== undefined))
    )
    req.on('response', res => {
      takeUserInfoOf(res.headers, url, request.secrets)
      const tooLarge = (message: string): void => settle(new ExchangeError('too-large', message))
      // A HEAD, 204 or 304 answer declares the length of a body it does not send; a coded body's
      // length says nothing of its decoded size.
      const bodyless = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304
      if (!bodyless && !res.headers['content-encoding'] && Number(res.headers['content-length']) > maxResponseBytes) {
        return tooLarge(`the answer is larger than max-response-size (${formatBytes(maxResponseBytes)})`)
      }
      readDecodedBody(res, res.headers['content-encoding'], maxResponseBytes, outcome => {
        if ('body' in outcome) {
          const answer = { code: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: res.headers, url }
          return settle(undefined, { ...answer, body: outcome.body, ms: now() - started })
        }
        if (outcome.failure === 'too-large') tooLarge(outcome.message)
        else if (outcome.failure === 'undecodable') settle(new ExchangeError('protocol', outcome.message))
        else settle(new ExchangeError('reset', 'the connection broke off during the answer'))
      })
    })
    req.end(request.body)
  })
}

const TLS_FAILURE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME/

export function describeFailure(
  error: NodeJS.ErrnoException,
  sent: boolean,
  url: URL,
  clientCertificate = false
): ExchangeError {
  if (error instanceof LinkLocalRefusal) return refused(url, error.address)
  if (url.protocol === 'https:' && isTlsFailure(error)) {
    return new ExchangeError('tls', describeTlsFailure(error, url.host, { clientCertificate }))
  }
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
  if (TLS_FAILURE.test(code)) {
    return new ExchangeError('tls', `TLS failed with ${url.host}: ${cleanOpenSslMessage(error.message)}`)
  }
  if (code.startsWith('HPE_')) return new ExchangeError('protocol', `${url.host} sent a malformed answer (${code})`)
  if (!sent) return new ExchangeError('connect', `could not connect to ${url.host} (${code || error.message})`)
  return new ExchangeError('reset', `the connection broke off (${code || error.message})`)
}

function refused(url: URL, address: string): ExchangeError {
  const where = bare(url.hostname) === address ? url.host : `${url.host} (${address})`
  return new ExchangeError(
    'refused',
    `refused to connect to ${where}: a link-local address, which a server may not choose`
  )
}

/**
 * User info in a URL a server sends in any header of an answer (a Location, an
 * Operation-Location) is a credential: registered as a secret as the answer arrives, whether or
 * not the URL is ever followed, so that response-headers and poll-response-headers show it masked.
 */
function takeUserInfoOf(headers: http.IncomingHttpHeaders, base: URL, secrets: UserInfoTaker): void {
  for (const value of Object.values(headers).flat()) {
    if (!value?.includes('@') || !URL.canParse(value, base.href)) continue
    const url = new URL(value, base)
    if (url.username || url.password) secrets.takeUserInfo(url)
  }
}
