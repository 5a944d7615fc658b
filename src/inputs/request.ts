// The request the user describes: the URL and its credentials, the headers, the body, the
// idempotency key. Credential values are registered as secrets as soon as they are read.

import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { encodeBody, type RequestBody } from '../body.js'
import { hasHeader, type Headers } from '../http/exchange.js'
import { HEADER_NAME, InputError, quote, shown } from './values.js'
import { MappingError, parseMapping } from '../mapping.js'
import { isCredentialHeader, safeDecode, type Secrets } from '../redact.js'
import type { RequestSpec } from '../settings.js'

export function readTarget(name: string, text: string, secrets: Secrets, base?: URL): RequestSpec {
  if (!text) throw new InputError(name, 'is required: the http or https URL to call')
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    throw new InputError(name, 'must be an http or https URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(name, `must be an http or https URL (got a ${quote(url.protocol)} URL)`)
  }
  secrets.addUrl(url)
  const spec: RequestSpec = { method: 'GET', url }
  if (url.username || url.password) {
    const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`
    spec.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
    secrets.addHeaderValue('Authorization', spec.authorization)
    secrets.takeUserInfo(url)
  }
  return spec
}

export function readHeaders(text: string, secrets: Secrets): Headers {
  let entries
  try {
    entries = parseMapping(text)
  } catch (error) {
    throw new InputError('headers', `must be a YAML or JSON mapping of \`Name: value\`: ${(error as Error).message}`)
  }
  // Header names are data: `__proto__` is a header like any other, not the object's prototype.
  const headers: Headers = Object.create(null)
  const seen = new Set<string>()
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) throw new InputError('headers', `has a header name that is not legal: ${quote(name)}`)
    const lower = name.toLowerCase()
    if (seen.has(lower))
      throw new InputError('headers', `names ${shown(name)} twice; give a list to send it more than once`)
    if (lower === 'content-length' || lower === 'transfer-encoding') {
      throw new InputError('headers', `cannot set ${shown(name)}: the action frames the body itself`)
    }
    seen.add(lower)
    for (const item of Array.isArray(value) ? value : [value]) {
      if (/[\r\n]/.test(item))
        throw new InputError('headers', `has a line break in the value of ${shown(name)} (header injection)`)
      // Node sends header values as Latin-1; anything but printable ASCII would arrive garbled.
      if (/[^\t\x20-\x7e]/.test(item)) {
        throw new InputError('headers', `has a character that is not printable ASCII in the value of ${shown(name)}`)
      }
      if (isCredentialHeader(name)) secrets.addHeaderValue(name, item)
    }
    headers[name] = value
  }
  return headers
}

/** `auto`: a UUID made once, so every attempt of this step's call carries the same key. */
export function readIdempotencyKey(text: string, headers: Headers): string | undefined {
  if (!text) return undefined
  if (hasHeader(headers, 'idempotency-key')) {
    throw new InputError('idempotency-key', 'is given while headers set Idempotency-Key; give the key once')
  }
  if (text.toLowerCase() === 'auto') return crypto.randomUUID()
  if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(text)) {
    throw new InputError(
      'idempotency-key',
      `must be auto or printable ASCII text allowed in a header value (got ${quote(text)})`
    )
  }
  return text
}

export function readPayloadFile(file: string, workspace: string): Buffer {
  try {
    return readFileSync(path.resolve(workspace, file))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new InputError(
      'payload-file',
      `must be a readable file relative to the workspace (${quote(file)}: ${reason})`
    )
  }
}

export function readPayloadInput(name: string, payload: Buffer, contentType: string | undefined): RequestBody {
  try {
    return encodeBody(payload, contentType)
  } catch (error) {
    if (!(error instanceof MappingError)) throw error
    throw new InputError(name, `must be a flat JSON object to be sent form-encoded: ${error.message}`)
  }
}
