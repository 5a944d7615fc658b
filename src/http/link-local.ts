// Link-local addresses (169.254.0.0/16, fe80::/10) are where cloud metadata services answer on
// self-hosted runners; a server may not steer a poll or a redirect there.

import type * as dns from 'node:dns'
import { isIP, type BlockList, type LookupFunction } from 'node:net'

// Made on the first address to check: net loads BlockList's code when it is first read, 4 ms of a
// start, and a plain call to the webhook URL checks none.
let linkLocal: BlockList | undefined
function linkLocalSubnets(): BlockList {
  if (!linkLocal) {
    linkLocal = new (process.getBuiltinModule('node:net').BlockList)()
    linkLocal.addSubnet('169.254.0.0', 16, 'ipv4')
    linkLocal.addSubnet('fe80::', 10, 'ipv6')
  }
  return linkLocal
}

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
  return linkLocalSubnets().check(zone < 0 ? address : address.slice(0, zone), family === 6 ? 'ipv6' : 'ipv4')
}

/** An IPv6 hostname without its brackets. */
export function bare(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
}

/**
 * The link-local address a URL's host is, unless it is `trustedHost` (compared as `URL`
 * normalizes both). A name is checked later, as it resolves (lookupRefusingLinkLocal).
 */
export function linkLocalTarget(url: URL, trustedHost: string): string | undefined {
  if (url.hostname === trustedHost) return undefined
  const hostname = bare(url.hostname)
  return isLinkLocal(hostname) ? hostname : undefined
}

/** A name resolved to a link-local address: the connection is never made. */
export class LinkLocalRefusal extends Error {
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
  // Loaded as a name is looked up, as Node's own net does: a URL with an address never needs it.
  process
    .getBuiltinModule('node:dns')
    .lookup(hostname, options, (error: NodeJS.ErrnoException | null, address: unknown, family?: number) => {
      if (error) return callback(error, '', 0)
      const addresses = Array.isArray(address) ? (address as dns.LookupAddress[]) : [{ address: address as string }]
      const linkLocal = addresses.find(entry => isLinkLocal(entry.address))
      if (linkLocal) return callback(new LinkLocalRefusal(hostname, linkLocal.address), '', 0)
      ;(callback as (error: null, address: unknown, family?: number) => void)(null, address, family)
    })
}
