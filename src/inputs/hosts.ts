// allowed-hosts: read into entries, and the URLs the user wrote held against them before any
// request. Hosts a server chooses are held against them as each request is sent (http/exchange.ts).

import { parseList } from '../formats.js'
import { AllowedHostsSyntaxError, isAllowedHost, parseAllowedHost, type AllowedHost } from '../http/allowed-hosts.js'
import type { UrlTemplate } from '../jsonpath/template.js'
import { InputError, quote } from './values.js'

/** Empty: no list, and no restriction beyond the link-local rule. */
export function readAllowedHosts(text: string): AllowedHost[] | undefined {
  const entries = parseList(text)
  if (entries.length === 0) return undefined
  return entries.map(entry => {
    try {
      return parseAllowedHost(entry)
    } catch (error) {
      if (!(error instanceof AllowedHostsSyntaxError)) throw error
      throw new InputError('allowed-hosts', `lists ${quote(entry)}, which ${error.message}`)
    }
  })
}

/**
 * `url` and `cancel-endpoint` must go to a listed host. A cancel endpoint whose host is a
 * placeholder is checked once filled in, as the call is made.
 */
export function checkAllowedHost(
  name: string,
  url: URL,
  allowed: readonly AllowedHost[] | undefined,
  template?: UrlTemplate
): void {
  if (!allowed || template?.slots.some(slot => url.hostname.includes(slot.token))) return
  if (!isAllowedHost(url, allowed)) {
    throw new InputError(name, `goes to ${quote(url.host)}, which is not in allowed-hosts`)
  }
}
