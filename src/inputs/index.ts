// Every input is read here, once, and validated into the stage's settings (settings.ts) before
// anything is sent. Nothing else reads the inputs.

import * as core from '@actions/core'
import { hasHeader, headerValue } from '../http/exchange.js'
import { readPayloadInput, readHeaders, readIdempotencyKey, readPayloadFile, readTarget } from './request.js'
import {
  InputError,
  quote,
  readBoolean,
  readDuration,
  readHeaderName,
  readJsonPath,
  readMethod,
  readSize,
  readStatusCodes
} from './values.js'
import { loadMappingReader } from '../mapping.js'
import { loadJsonPath } from '../jsonpath/index.js'
import type { Secrets } from '../redact.js'
import type { UrlTemplate } from '../jsonpath/template.js'
import type { RequestSpec, StageConfig } from '../settings.js'
import { readOidcAudience, readSecretJsonPaths, readSigning, readTls } from './trust.js'
import { oidcAvailable } from '../oidc.js'
import { checkAllowedHost, readAllowedHosts } from './hosts.js'
import {
  readCancelTemplate,
  readMissingStatus,
  readOutputs,
  readPollRetryLimits,
  readStatusHeaders,
  readStatusLists,
  readStatusUrlResolution
} from './wait.js'

export { InputError } from './values.js'

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
  'signing-scheme': 'github',
  'status-headers': 'same-origin',
  'status-url-header': 'Location',
  'missing-status': 'terminal',
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
  'status-url-header',
  'poll-retry-limits',
  'error-json-path',
  'missing-status'
]

/** Inputs that mean something only for the webhook call, which monitor-only skips. */
const CALL_INPUTS = [
  'method',
  'payload',
  'payload-file',
  'fail-fast-status-codes',
  'retries',
  'idempotency-key',
  'signing-secret'
]

/** Inputs that mean something only for the cancel call. */
const CANCEL_INPUTS = ['cancel-method', 'cancel-payload']

/** More retries than this is a mistake: with backoff capped at 30 s, 100 retries already take 50 minutes. */
const MAX_RETRIES = 100

export interface InputSource {
  /** The raw value of an input, '' when not given. */
  get(name: string): string
  workspace: string
  warn(message: string): void
  /** The runner gives this job OIDC tokens (its ACTIONS_ID_TOKEN_REQUEST_* variables). */
  oidcAvailable?: boolean
}

/** The inputs written as YAML mappings (a form payload needs a Content-Type header, so `headers`). */
const MAPPING_INPUTS = ['headers', 'outputs', 'poll-retry-limits']

/**
 * The inputs that hold JSONPaths (the cancel endpoint in its `{placeholders}`): readInputs loads
 * the JSONPath engine for them. project.test.ts holds this list to action.yml's descriptions.
 */
export const JSONPATH_INPUTS = [
  'status-url-json-path',
  'status-json-path',
  'progress-json-path',
  'error-json-path',
  'secret-json-paths',
  'outputs',
  'cancel-endpoint'
]

/** Reads the inputs the runner passes to the step. */
export async function readInputs(secrets: Secrets): Promise<StageConfig> {
  // What a run does not use, it does not load (docs/startup.md).
  if (MAPPING_INPUTS.some(name => core.getInput(name) !== '')) await loadMappingReader()
  if (JSONPATH_INPUTS.some(name => core.getInput(name) !== '')) await loadJsonPath()
  return readConfig(
    {
      get: name => core.getInput(name),
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      warn: message => core.warning(message, { title: 'Inputs ignored' }),
      oidcAvailable: oidcAvailable(process.env)
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
  const allowedHosts = readAllowedHosts(given('allowed-hosts'))
  checkAllowedHost('url', webhook.url, allowedHosts)
  if (webhook.authorization && hasHeader(headers, 'authorization')) {
    throw new InputError('url', 'has user info while headers set Authorization; give the credentials once')
  }
  webhook.method = readMethod('method', input('method'))

  const contentType = headerValue(headers, 'content-type')
  if (given('payload') && given('payload-file')) {
    throw new InputError('payload-file', "cannot be used together with 'payload'; give one of them")
  }
  if (given('payload-file')) {
    webhook.body = readPayloadInput(
      'payload-file',
      readPayloadFile(given('payload-file'), source.workspace),
      contentType
    )
  } else if (given('payload')) {
    webhook.body = readPayloadInput('payload', Buffer.from(given('payload')), contentType)
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
  let cancelTemplate: UrlTemplate | undefined
  if (cancelEndpoint) {
    cancelTemplate = readCancelTemplate(cancelEndpoint)
    cancel = readTarget('cancel-endpoint', cancelTemplate.text, secrets, webhook.url)
    checkAllowedHost('cancel-endpoint', cancel.url, allowedHosts, cancelTemplate)
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
      cancel.body = readPayloadInput('cancel-payload', Buffer.from(given('cancel-payload')), contentType)
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
    missingStatus: readMissingStatus(input('missing-status')),
    progressJsonPath: readJsonPath('progress-json-path', given('progress-json-path')),
    waitBeforeMonitorMs: readDuration('wait-before-monitor', input('wait-before-monitor'), true),
    pollInterval:
      input('poll-interval').toLowerCase() === 'auto' ? 'auto' : readDuration('poll-interval', input('poll-interval')),
    timeoutMs: readDuration('timeout', input('timeout')),
    cancel,
    statusHeaders: readStatusHeaders(input('status-headers')),
    pollRetryLimits: readPollRetryLimits(given('poll-retry-limits')),
    errorJsonPath: readJsonPath('error-json-path', given('error-json-path')),
    cancelTemplate,
    tls: readTls(given, source.workspace, secrets),
    oidcAudience: readOidcAudience(
      given('oidc-audience'),
      { hasAuthorization: hasHeader(headers, 'authorization') },
      webhook,
      source.oidcAvailable ?? false
    ),
    signing: readSigning(given, input('signing-scheme'), secrets),
    secretJsonPaths: readSecretJsonPaths(given('secret-json-paths')),
    statusUrlHeader: readHeaderName('status-url-header', input('status-url-header')),
    idempotencyKey: readIdempotencyKey(given('idempotency-key'), headers),
    allowedHosts,
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
  if (!cancelEndpoint) warnIgnored(ignored(CANCEL_INPUTS), 'with cancel-endpoint')
  return config
}

function readRetries(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
    throw new InputError('retries', `must be a whole number from 0 to ${MAX_RETRIES} (got ${quote(text)})`)
  }
  return Number(text)
}
