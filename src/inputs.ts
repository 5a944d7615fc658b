// Every input is read here, once, and validated into the stage's settings (settings.ts) before
// anything is sent. Nothing else reads the inputs.

import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { encodeBody, type RequestBody } from './body.js'
import {
  ACTION_OUTPUTS,
  type RequestSpec,
  type StageConfig,
  type StatusHeaders,
  type StatusUrlResolution
} from './settings.js'
import { MAX_DURATION_MS, parseBoolean, parseDuration, parseList, parseSize } from './formats.js'
import type { Headers } from './http.js'
import { compileJsonPath, type JsonPath } from './jsonpath.js'
import { MappingError, parseMapping } from './mapping.js'
import { defuse, isCredentialHeader, type Secrets } from './redact.js'
import { normalizeStatus, type StatusLists } from './status.js'

/** Used when an input is empty, as the runner does with action.yml's defaults (a test keeps them equal). */
export const DEFAULTS: Readonly<Record<string, string>> = {
  method: 'POST',
  'fail-fast-status-codes': '504',
  retries: '5',
  'request-timeout': '2m',
  'wait-for-completion': 'false',
  'monitor-only': 'false',
  'status-url-resolution': 'get-method',
  'wait-before-monitor': '0',
  'poll-interval': 'auto',
  timeout: '1h',
  'cancel-method': 'POST',
  'status-headers': 'same-origin',
  'status-url-header': 'Location',
  'max-response-size': '16MB',
  summary: 'true'
}

/** Inputs that mean something only while waiting for completion. */
const WAIT_INPUTS = [
  'status-url-resolution',
  'status-url-json-path',
  'status-json-path',
  'success-statuses',
  'canceled-statuses',
  'terminal-statuses',
  'progress-json-path',
  'wait-before-monitor',
  'poll-interval',
  'timeout',
  'status-headers',
  'status-url-header'
]

/** Inputs that mean something only for the webhook call, which monitor-only skips. */
const CALL_INPUTS = ['method', 'payload', 'payload-file', 'fail-fast-status-codes', 'retries', 'idempotency-key']

/** A value as an input error quotes it: one line, and at most a short prefix of it. */
function quote(value: string): string {
  return `'${defuse(value, MAX_QUOTED)}'`
}

export class InputError extends Error {
  constructor(
    readonly input: string,
    expected: string
  ) {
    super(`Input '${input}' ${expected}`)
  }
}

/** Input errors quote at most this much of a bad value. */
const MAX_QUOTED = 200
/** More retries than this is a mistake: with backoff capped at 30 s, 100 retries already take 50 minutes. */
const MAX_RETRIES = 100
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/
/** Below V8's longest string (2^29 - 24 characters), so that any body accepted can be read. */
const MAX_RESPONSE_BYTES = 500 * 1024 ** 2

export interface InputSource {
  /** The raw value of an input, '' when not given. */
  get(name: string): string
  workspace: string
  warn(message: string): void
}

/** Reads the inputs the runner passes to the step. */
export function readInputs(secrets: Secrets): StageConfig {
  return readConfig(
    {
      get: name => core.getInput(name),
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      warn: message => core.warning(message, { title: 'Inputs ignored' })
    },
    secrets
  )
}

/**
 * Reads and validates every input. Secret values (credential headers, URL user info, secret
 * query values) are registered with `secrets` as soon as they are read.
 * Throws InputError naming the first input that is wrong.
 */
export function readConfig(source: InputSource, secrets: Secrets): StageConfig {
  const given = (name: string): string => source.get(name).trim()
  const input = (name: string): string => given(name) || (DEFAULTS[name] ?? '')

  const headers = readHeaders(given('headers'), secrets)
  const webhook = readTarget('url', input('url'), secrets)
  if (webhook.authorization && hasHeader(headers, 'authorization')) {
    throw new InputError('url', 'has user info while headers set Authorization; give the credentials once')
  }
  webhook.method = readMethod('method', input('method'))

  const contentType = headerValue(headers, 'content-type')
  if (given('payload') && given('payload-file')) {
    throw new InputError('payload-file', "cannot be used together with 'payload'; give one of them")
  }
  if (given('payload-file')) {
    webhook.body = readBody('payload-file', readPayloadFile(given('payload-file'), source.workspace), contentType)
  } else if (given('payload')) {
    webhook.body = readBody('payload', Buffer.from(given('payload')), contentType)
  }

  const monitorOnly = readBoolean('monitor-only', input('monitor-only'))
  const waitForCompletion = monitorOnly || readBoolean('wait-for-completion', input('wait-for-completion'))
  const statusUrlResolution = readStatusUrlResolution(input('status-url-resolution'))
  if (monitorOnly && statusUrlResolution !== 'get-method') {
    throw new InputError(
      'status-url-resolution',
      `must be get-method with monitor-only (got ${quote(statusUrlResolution)})`
    )
  }
  const statusUrlJsonPath = readJsonPath('status-url-json-path', given('status-url-json-path'))
  if (waitForCompletion && statusUrlResolution === 'webhook-response' && !statusUrlJsonPath) {
    throw new InputError('status-url-json-path', 'is required with status-url-resolution: webhook-response')
  }
  const statusJsonPath = readJsonPath('status-json-path', given('status-json-path'))
  const statuses = readStatusLists(given, statusJsonPath !== undefined, waitForCompletion)

  const cancelEndpoint = given('cancel-endpoint')
  let cancel: RequestSpec | undefined
  if (cancelEndpoint) {
    cancel = readTarget('cancel-endpoint', cancelEndpoint, secrets, webhook.url)
    if (cancel.authorization && hasHeader(headers, 'authorization')) {
      throw new InputError(
        'cancel-endpoint',
        'has user info while headers set Authorization; give the credentials once'
      )
    }
    // The webhook URL's credentials go to a cancel endpoint on its origin, as they go to polls.
    if (!cancel.authorization && cancel.url.origin === webhook.url.origin) cancel.authorization = webhook.authorization
    cancel.method = readMethod('cancel-method', input('cancel-method'))
    if (given('cancel-payload'))
      cancel.body = readBody('cancel-payload', Buffer.from(given('cancel-payload')), contentType)
  }

  const config: StageConfig = {
    webhook,
    headers,
    failFastStatusCodes: readStatusCodes('fail-fast-status-codes', input('fail-fast-status-codes')),
    retryStatusCodes: readStatusCodes('retry-status-codes', input('retry-status-codes')),
    retries: readRetries(input('retries')),
    requestTimeoutMs: readDuration('request-timeout', input('request-timeout')),
    maxResponseBytes: readSize('max-response-size', input('max-response-size')),
    waitForCompletion,
    monitorOnly,
    statusUrlResolution,
    statusUrlJsonPath,
    statusJsonPath,
    statuses,
    progressJsonPath: readJsonPath('progress-json-path', given('progress-json-path')),
    waitBeforeMonitorMs: readDuration('wait-before-monitor', input('wait-before-monitor'), true),
    pollInterval:
      input('poll-interval').toLowerCase() === 'auto' ? 'auto' : readDuration('poll-interval', input('poll-interval')),
    timeoutMs: readDuration('timeout', input('timeout')),
    cancel,
    statusHeaders: readStatusHeaders(input('status-headers')),
    statusUrlHeader: readHeaderName('status-url-header', input('status-url-header')),
    idempotencyKey: readIdempotencyKey(given('idempotency-key'), headers),
    outputs: readOutputs(given('outputs')),
    summary: readBoolean('summary', input('summary'))
  }

  // The runner passes action.yml's default text for inputs not given, so only other text counts.
  const ignored = (names: string[]): string[] =>
    names.filter(name => given(name) !== '' && given(name) !== DEFAULTS[name])
  const warnIgnored = (names: string[], condition: string): void => {
    if (names.length === 0) return
    const one = names.length === 1
    source.warn(`${names.join(', ')} ${one ? 'applies' : 'apply'} only ${condition} and ${one ? 'is' : 'are'} ignored`)
  }
  if (!waitForCompletion) warnIgnored(ignored(WAIT_INPUTS), 'with wait-for-completion: true')
  if (monitorOnly) warnIgnored(ignored(CALL_INPUTS), 'to the webhook call, which monitor-only skips,')
  return config
}

function readTarget(name: string, text: string, secrets: Secrets, base?: URL): RequestSpec {
  if (!text) throw new InputError(name, 'is required: the http or https URL to call')
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    throw new InputError(name, 'must be an http or https URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(name, `must be an http or https URL (got a ${url.protocol} URL)`)
  }
  secrets.addUrl(url)
  const spec: RequestSpec = { method: 'GET', url }
  if (url.username || url.password) {
    const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`
    spec.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
    secrets.addHeaderValue('Authorization', spec.authorization)
    url.username = ''
    url.password = ''
  }
  return spec
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function readMethod(name: string, text: string): string {
  const method = text.toUpperCase()
  if (!METHODS.includes(method))
    throw new InputError(name, `must be ${METHODS.slice(0, -1).join(', ')} or ${METHODS.at(-1)} (got ${quote(text)})`)
  return method
}

function readHeaders(text: string, secrets: Secrets): Headers {
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
    if (seen.has(lower)) throw new InputError('headers', `names ${name} twice; give a list to send it more than once`)
    if (lower === 'content-length' || lower === 'transfer-encoding') {
      throw new InputError('headers', `cannot set ${name}: the action frames the body itself`)
    }
    seen.add(lower)
    for (const item of Array.isArray(value) ? value : [value]) {
      if (/[\r\n]/.test(item))
        throw new InputError('headers', `has a line break in the value of ${name} (header injection)`)
      // Node sends header values as Latin-1; anything but printable ASCII would arrive garbled.
      if (/[^\t\x20-\x7e]/.test(item)) {
        throw new InputError('headers', `has a character that is not printable ASCII in the value of ${name}`)
      }
      if (isCredentialHeader(name)) secrets.addHeaderValue(name, item)
    }
    headers[name] = value
  }
  return headers
}

function readHeaderName(name: string, text: string): string {
  if (!HEADER_NAME.test(text))
    throw new InputError(name, `must be a header name such as Operation-Location (got ${quote(text)})`)
  return text
}

/** `auto`: a UUID made once, so every attempt of this step's call carries the same key. */
function readIdempotencyKey(text: string, headers: Headers): string | undefined {
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

function hasHeader(headers: Headers, lowerName: string): boolean {
  return Object.keys(headers).some(name => name.toLowerCase() === lowerName)
}

function headerValue(headers: Headers, lowerName: string): string | undefined {
  const name = Object.keys(headers).find(key => key.toLowerCase() === lowerName)
  const value = name === undefined ? undefined : headers[name]
  return Array.isArray(value) ? value[0] : value
}

function readPayloadFile(file: string, workspace: string): Buffer {
  try {
    return readFileSync(path.resolve(workspace, file))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new InputError('payload-file', `must be a readable file relative to the workspace (${file}: ${reason})`)
  }
}

function readBody(name: string, payload: Buffer, contentType: string | undefined): RequestBody {
  try {
    return encodeBody(payload, contentType)
  } catch (error) {
    if (!(error instanceof MappingError)) throw error
    throw new InputError(name, `must be a flat JSON object to be sent form-encoded: ${error.message}`)
  }
}

function readBoolean(name: string, text: string): boolean {
  const value = parseBoolean(text)
  if (value === undefined) throw new InputError(name, `must be true or false (got ${quote(text)})`)
  return value
}

function readDuration(name: string, text: string, zeroAllowed = false): number {
  const ms = parseDuration(text)
  const expected = `must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds${zeroAllowed ? '' : ', more than zero'}`
  if (ms === undefined || (ms === 0 && !zeroAllowed)) throw new InputError(name, `${expected} (got ${quote(text)})`)
  if (ms > MAX_DURATION_MS) throw new InputError(name, `must be at most 596h (got ${quote(text)})`)
  return ms
}

function readSize(name: string, text: string): number {
  const bytes = parseSize(text)
  if (!bytes)
    throw new InputError(
      name,
      `must be a size such as 512KB, 16MB, 1GB or a number of bytes, more than zero (got ${quote(text)})`
    )
  if (bytes > MAX_RESPONSE_BYTES) throw new InputError(name, `must be at most 500MB (got ${quote(text)})`)
  return bytes
}

function readRetries(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
    throw new InputError('retries', `must be a whole number from 0 to ${MAX_RETRIES} (got ${quote(text)})`)
  }
  return Number(text)
}

function readStatusCodes(name: string, text: string): Set<number> {
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

function readStatusUrlResolution(text: string): StatusUrlResolution {
  // Spinnaker's spellings (getMethod, locationHeader, webhookResponse) are accepted too.
  const key = text.toLowerCase().replace(/[-_]/g, '')
  const modes: Record<string, StatusUrlResolution> = {
    getmethod: 'get-method',
    locationheader: 'location-header',
    webhookresponse: 'webhook-response'
  }
  const mode = modes[key]
  if (!mode)
    throw new InputError(
      'status-url-resolution',
      `must be get-method, location-header or webhook-response (got ${quote(text)})`
    )
  return mode
}

function readStatusHeaders(text: string): StatusHeaders {
  const value = text.toLowerCase()
  if (value !== 'same-origin' && value !== 'always' && value !== 'never') {
    throw new InputError('status-headers', `must be same-origin, always or never (got ${quote(text)})`)
  }
  return value
}

function readJsonPath(name: string, text: string): JsonPath | undefined {
  if (!text) return undefined
  try {
    return compileJsonPath(text)
  } catch (error) {
    throw new InputError(name, `must be a JSONPath such as $.status: ${(error as Error).message}`)
  }
}

const STATUS_LISTS = [
  ['success-statuses', 'success'],
  ['canceled-statuses', 'canceled'],
  ['terminal-statuses', 'terminal']
] as const

/** `waiting`: whether the lists will be used; if not, only their form is checked. */
function readStatusLists(given: (name: string) => string, hasStatusPath: boolean, waiting: boolean): StatusLists {
  const lists = { success: new Set<string>(), canceled: new Set<string>(), terminal: new Set<string>() }
  const owner = new Map<string, string>()
  for (const [name, key] of STATUS_LISTS) {
    for (const item of parseList(given(name))) {
      const status = normalizeStatus(item)
      const other = owner.get(status)
      if (other && other !== name)
        throw new InputError(name, `names ${quote(item)}, which ${other} names too; a status can mean one thing`)
      owner.set(status, name)
      lists[key].add(status)
    }
  }
  if (!waiting) return lists
  if (hasStatusPath && lists.success.size === 0) {
    throw new InputError('success-statuses', 'is required with status-json-path: the status values that mean SUCCEEDED')
  }
  if (!hasStatusPath && owner.size > 0) {
    throw new InputError(
      'status-json-path',
      `is required with ${[...new Set(owner.values())].join(', ')}: the JSONPath to the status value`
    )
  }
  return lists
}

function readOutputs(text: string): Array<{ name: string; path: JsonPath }> {
  let entries
  try {
    entries = parseMapping(text)
  } catch (error) {
    throw new InputError('outputs', `must be a YAML mapping of \`name: JSONPath\`: ${(error as Error).message}`)
  }
  const taken = new Set<string>(ACTION_OUTPUTS)
  return entries.map(([name, value]) => {
    if (!OUTPUT_NAME.test(name)) {
      throw new InputError(
        'outputs',
        `has a name that is not a valid output name: ${quote(name)} (letters, digits, - and _, not starting with a digit or -)`
      )
    }
    const lower = name.toLowerCase()
    if (taken.has(lower)) {
      throw new InputError(
        'outputs',
        (ACTION_OUTPUTS as readonly string[]).includes(lower)
          ? `cannot use ${quote(name)}: the action sets that output itself`
          : `names ${quote(name)} twice`
      )
    }
    taken.add(lower)
    if (Array.isArray(value)) throw new InputError('outputs', `must map ${quote(name)} to one JSONPath, not a list`)
    try {
      return { name, path: compileJsonPath(value) }
    } catch (error) {
      throw new InputError('outputs', `must map ${quote(name)} to a JSONPath such as $.id: ${(error as Error).message}`)
    }
  })
}
