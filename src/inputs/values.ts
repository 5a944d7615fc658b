// The small values inputs are written in, each read or refused with an error that names the input:
// booleans, durations, sizes, status codes, methods, header names and JSONPaths.

import { MAX_DURATION_MS, parseBoolean, parseDuration, parseList, parseSize } from '../formats.js'
import { compileJsonPath, type JsonPath } from '../jsonpath/index.js'
import { defuse, MAX_EXCERPT } from '../redact.js'

export class InputError extends Error {
  constructor(
    readonly input: string,
    expected: string
  ) {
    super(`Input '${input}' ${expected}`)
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** Below V8's longest string (2^29 - 24 characters), so that any body accepted can be read. */
const MAX_RESPONSE_BYTES = 500 * 1024 ** 2

/**
 * A value as an input error quotes it: one line, and at most a short prefix of it. Every input
 * error that shows what the user wrote shows it through this (or `shown`, without the quotes).
 */
export function quote(value: string): string {
  return `'${shown(value)}'`
}

/** A name or value the way an input error shows it where quotes would be in the way. */
export function shown(value: string): string {
  return defuse(value, MAX_EXCERPT)
}

export function readMethod(name: string, text: string): string {
  const method = text.toUpperCase()
  if (!METHODS.includes(method))
    throw new InputError(name, `must be ${METHODS.slice(0, -1).join(', ')} or ${METHODS.at(-1)} (got ${quote(text)})`)
  return method
}

export function readHeaderName(name: string, text: string): string {
  if (!HEADER_NAME.test(text))
    throw new InputError(name, `must be a header name such as Operation-Location (got ${quote(text)})`)
  return text
}

export function readBoolean(name: string, text: string): boolean {
  const value = parseBoolean(text)
  if (value === undefined) throw new InputError(name, `must be true or false (got ${quote(text)})`)
  return value
}

export function readDuration(name: string, text: string, zeroAllowed = false): number {
  const ms = parseDuration(text)
  const expected = `must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds${zeroAllowed ? '' : ', more than zero'}`
  if (ms === undefined || (ms === 0 && !zeroAllowed)) throw new InputError(name, `${expected} (got ${quote(text)})`)
  if (ms > MAX_DURATION_MS) throw new InputError(name, `must be at most 596h (got ${quote(text)})`)
  return ms
}

export function readSize(name: string, text: string): number {
  const bytes = parseSize(text)
  if (!bytes)
    throw new InputError(
      name,
      `must be a size such as 512KB, 16MB, 1GB or a number of bytes, more than zero (got ${quote(text)})`
    )
  if (bytes > MAX_RESPONSE_BYTES) throw new InputError(name, `must be at most 500MB (got ${quote(text)})`)
  return bytes
}

export function readStatusCodes(name: string, text: string): Set<number> {
  const codes = new Set<number>()
  // An empty input means the default, so `none` is how to say "no codes" (no fail-fast at all).
  if (text.toLowerCase() === 'none') return codes
  for (const item of parseList(text)) {
    const code = Number(item)
    if (!/^\d{3}$/.test(item) || code < 100 || code > 599) {
      throw new InputError(
        name,
        `must list HTTP status codes from 100 to 599, separated by commas, or be none (got ${quote(item)})`
      )
    }
    codes.add(code)
  }
  return codes
}

export function readJsonPath(name: string, text: string): JsonPath | undefined {
  if (!text) return undefined
  try {
    return compileJsonPath(text)
  } catch (error) {
    throw new InputError(name, `must be a JSONPath such as $.status: ${(error as Error).message}`)
  }
}
