// allowed-hosts: the hosts an operator lets requests go to. Pure: entries are read once, and
// each URL is judged as written, never by resolving its name (a name and the address it resolves
// to are different entries, as `localhost` and `127.0.0.1` are).

import { isIP } from 'node:net'

/** One entry: a host (as `URL` normalizes it, without a trailing dot) or `*.` and a domain, with an optional port. */
export interface AllowedHost {
  host: string
  /** `*.example.com`: any name below example.com, never example.com itself. */
  subdomains: boolean
  port?: number
}

export class AllowedHostsSyntaxError extends Error {}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 }
/** A host (bracketed IPv6, or anything without a colon) and an optional port. */
const ENTRY = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/

/** Reads one entry; throws AllowedHostsSyntaxError saying what is wrong with it. */
export function parseAllowedHost(written: string): AllowedHost {
  const entry = written.trim()
  if (entry === '*')
    throw new AllowedHostsSyntaxError('a bare * would allow every host; leave the input empty for that')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    throw new AllowedHostsSyntaxError('has a scheme; give the host alone, such as api.github.com')
  }
  if (/[/?#]/.test(entry)) throw new AllowedHostsSyntaxError('has a path; give the host alone, such as api.github.com')
  const subdomains = entry.startsWith('*.')
  const rest = subdomains ? entry.slice(2) : entry
  const parts = ENTRY.exec(rest)
  if (!parts || parts[1] === '' || /[\s@\\*%]/.test(parts[1])) {
    const hint = isIP(rest) === 6 ? '; write an IPv6 address in brackets, such as [::1]' : ''
    throw new AllowedHostsSyntaxError(`is not a host name, IP address or *.domain with an optional :port${hint}`)
  }
  const port = parts[2] === undefined ? undefined : Number(parts[2])
  if (port !== undefined && (port < 1 || port > 65535)) throw new AllowedHostsSyntaxError('has a port out of range')
  let host: string
  try {
    host = withoutTrailingDot(new URL(`http://${parts[1]}/`).hostname)
  } catch {
    throw new AllowedHostsSyntaxError('is not a host name or IP address')
  }
  if (subdomains && isAddress(host))
    throw new AllowedHostsSyntaxError('puts *. before an IP address, which has no subdomains')
  return { host, subdomains, port }
}

/** Whether a request to `url` may be sent. */
export function isAllowedHost(url: URL, allowed: readonly AllowedHost[]): boolean {
  const host = withoutTrailingDot(url.hostname)
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port)
  return allowed.some(
    entry =>
      (entry.port === undefined || entry.port === port) &&
      (entry.subdomains ? host.endsWith(`.${entry.host}`) : host === entry.host)
  )
}

/** Why a request was not sent; every refusal says "not in allowed-hosts". */
export function notAllowedMessage(url: URL): string {
  return `refused to send a request to ${url.host}: not in allowed-hosts`
}

function withoutTrailingDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
}

function isAddress(host: string): boolean {
  return host.startsWith('[') || isIP(host) !== 0
}
