// The connections a run keeps: one agent per kind of connection (scheme, keep-alive, proxy, TLS
// identity), the runner's proxy settings (https_proxy, http_proxy, no_proxy) as
// @actions/http-client reads them, and a proxy tunnel's target written as proxies expect it.

import * as http from 'node:http'
import type * as https from 'node:https'
import { isIPv6 } from 'node:net'
import { getProxyUrl } from '@actions/http-client/lib/proxy'

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
