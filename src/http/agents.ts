// The connections a run keeps: one agent per kind of connection (scheme, keep-alive, proxy, TLS
// identity), the runner's proxy settings (https_proxy, http_proxy, no_proxy) as
// @actions/http-client reads them, and a proxy tunnel's target written as proxies expect it and
// named to TLS as Node's own https agent names it.

import * as http from 'node:http'
import type * as https from 'node:https'
import { isIP, isIPv6, type Socket } from 'node:net'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { bare } from './link-local.js'

/** Options for https.Agent; absent ones keep Node's defaults. */
export interface TlsSettings {
  cert?: string
  key?: string
  passphrase?: string
  ca?: string[]
}

/** node:https (and with it node:tls), loaded by the first https URL: a run on http never needs it. */
export function loadHttps(): Promise<typeof https> {
  return import('node:https')
}

const agents = new Map<string, { agent: http.Agent; proxied: boolean }>()

export async function agentFor(
  url: URL,
  keepAlive: boolean,
  settings: TlsSettings | undefined
): Promise<{ agent: http.Agent; proxied: boolean }> {
  const proxy = getProxyUrl(url)
  // Only https uses the TLS settings; one run has one identity and one trust, so a flag tells agents apart.
  const tls = url.protocol === 'https:' ? settings : undefined
  const key = `${url.protocol} ${keepAlive} ${proxy?.href ?? ''} ${tls?.cert ? 'identity' : ''} ${tls?.ca ? 'ca' : ''}`
  let entry = agents.get(key)
  if (!entry) {
    let agent: http.Agent
    if (proxy) {
      // Loaded only when a proxy applies: @actions/http-client's entry evaluates undici.
      const { HttpClient } = await import('@actions/http-client')
      agent = new HttpClient('webhook-stage-action', [], { keepAlive }).getAgent(url.href)
      bracketIpv6Targets(agent)
      if (url.protocol === 'https:') nameTlsTargetsAsNodeDoes(agent)
      // The tunnel opens TLS to the target with the agent's own options.
      if (tls) Object.assign((agent as https.Agent).options, tls)
    } else {
      agent =
        url.protocol === 'https:' ? new (await loadHttps()).Agent({ keepAlive, ...tls }) : new http.Agent({ keepAlive })
    }
    // Another exchange may have made one while the proxy agent's module loaded.
    entry = agents.get(key) ?? { agent, proxied: proxy !== undefined }
    agents.set(key, entry)
  }
  return entry
}

/**
 * The tunnel to the proxy writes `CONNECT <host>:<port>` with the host as Node hands it over,
 * bare for an IPv6 literal (`::1:443`), which proxies refuse: the target goes in brackets.
 */
export function bracketIpv6Targets(agent: http.Agent): void {
  type AddRequest = (request: unknown, options: unknown, ...rest: unknown[]) => void
  const tunnel = agent as unknown as { addRequest: AddRequest }
  const addRequest = tunnel.addRequest.bind(agent)
  tunnel.addRequest = (request, options, ...rest) => {
    const host = (options as { host?: unknown } | null)?.host
    const target = typeof host === 'string' && isIPv6(host) ? { ...(options as object), host: `[${host}]` } : options
    addRequest(request, target, ...rest)
  }
}

/**
 * TLS inside the tunnel names its server after the Host header cut at the first colon: `[` for an
 * IPv6 literal, whose certificate then never matches, and an IPv4 literal as a server name, which
 * RFC 6066 forbids and Node warns of in the log. As Node's own https agent does: the name of the
 * Host header (the target's, unless the user gave one) is sent as the server name and the
 * certificate checked against it; an IP address is not sent, and the certificate is checked
 * against the target's address.
 */
function nameTlsTargetsAsNodeDoes(agent: http.Agent): void {
  type Options = { host: string; request: http.ClientRequest }
  type CreateSocket = (options: Options, done: (socket: Socket) => void) => void
  const tunnel = agent as unknown as { createSocket: CreateSocket; options: object; sockets: unknown[] }
  // The prototype's createSocket opens the plain tunnel; the agent's own adds tunnel's TLS.
  const openTunnel = (Object.getPrototypeOf(agent) as { createSocket: CreateSocket }).createSocket
  tunnel.createSocket = (options, done) =>
    openTunnel.call(agent, options, socket => {
      const hostHeader = options.request.getHeader('host')
      const name = hostName(typeof hostHeader === 'string' ? hostHeader : options.host)
      const servername = isIP(name) ? '' : name
      const host = bare(options.host)
      const secure = process.getBuiltinModule('node:tls').connect({ ...tunnel.options, socket, host, servername })
      // The tunnel keeps its sockets in a list, by which it frees them.
      tunnel.sockets[tunnel.sockets.indexOf(socket)] = secure
      done(secure)
    })
}

/** The host of a Host header's `host[:port]`, an IPv6 literal without its brackets. */
function hostName(authority: string): string {
  return bare(authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':', 1)[0])
}
