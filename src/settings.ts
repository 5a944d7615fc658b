// The stage's settings: what every task works from, read from the inputs once (inputs.ts).

import type { RequestBody } from './body.js'
import type { Headers } from './http/exchange.js'
import type { JsonPath } from './jsonpath/index.js'
import type { UrlTemplate } from './jsonpath/template.js'
import type { SigningScheme } from './signing.js'
import type { TlsSettings } from './http/agents.js'
import type { AllowedHost } from './http/allowed-hosts.js'
import type { MissingStatus, StatusLists } from './status.js'

export type StatusUrlResolution = 'get-method' | 'location-header' | 'webhook-response'
export type StatusHeaders = 'same-origin' | 'always' | 'never'

/** Where a request goes and what it sends; the URL carries no user info. */
export interface RequestSpec {
  method: string
  url: URL
  body?: RequestBody
  /** Basic authentication from the URL's user info. */
  authorization?: string
}

export interface StageConfig {
  webhook: RequestSpec
  /** The user's headers, sent on the webhook call, on polls (see statusHeaders) and on the cancel call. */
  headers: Headers
  failFastStatusCodes: ReadonlySet<number>
  retryStatusCodes: ReadonlySet<number>
  retries: number
  requestTimeoutMs: number
  maxResponseBytes: number
  waitForCompletion: boolean
  monitorOnly: boolean
  statusUrlResolution: StatusUrlResolution
  statusUrlJsonPath?: JsonPath
  statusJsonPath?: JsonPath
  statuses: StatusLists
  /** What a status path that finds nothing or null means: Spinnaker's TERMINAL, or still running. */
  missingStatus: MissingStatus
  progressJsonPath?: JsonPath
  waitBeforeMonitorMs: number
  /** Milliseconds between polls, or Spinnaker's cadence. */
  pollInterval: number | 'auto'
  timeoutMs: number
  cancel?: RequestSpec
  statusHeaders: StatusHeaders
  /** The answer header that names the status URL, and that moves polling on a 202; as written. */
  statusUrlHeader: string
  /** Per status code, how many polls answered with it are retried over the whole wait (Spinnaker's retries). */
  pollRetryLimits: ReadonlyMap<number, number>
  /** The remote job's own failure reason, read from the poll that ended the wait CANCELED or TERMINAL. */
  errorJsonPath?: JsonPath
  /** The cancel endpoint's `{JSONPath}` placeholders, filled from the webhook's answer. */
  cancelTemplate?: UrlTemplate
  /** The client's identity for the webhook URL's origin (mutual TLS) and the CAs trusted for every request. */
  tls: TlsSettings
  /** Send the job's GitHub OIDC token for this audience to the webhook URL's origin. */
  oidcAudience?: string
  /** Sign the webhook call's body. */
  signing?: Signing
  /** Values found at these paths in the answers are secrets. */
  secretJsonPaths: JsonPath[]
  /** Sent as Idempotency-Key on every attempt of the webhook call; makes a broken-off POST safe to repeat. */
  idempotencyKey?: string
  /** The hosts requests may go to (allowed-hosts); absent: any host but a link-local one chosen by a server. */
  allowedHosts?: readonly AllowedHost[]
  outputs: Array<{ name: string; path: JsonPath }>
  summary: boolean
}

export interface Signing {
  scheme: SigningScheme
  key: Buffer
}

/** The action's own outputs; a name in `outputs` may not take one of them. */
export const ACTION_OUTPUTS = [
  'status',
  'status-code',
  'response',
  'response-headers',
  'status-url',
  'polls',
  'progress',
  'percent-complete',
  'build-info',
  'build-info-file',
  'response-file',
  'error',
  'poll-status-code',
  'poll-response-headers'
] as const
