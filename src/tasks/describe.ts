// Requests and answers described for the log, the summary and debug lines: names of headers,
// never their values; server text redacted and defused.

import * as core from '@actions/core'
import { formatBytes } from '../formats.js'
import { now } from '../clock.js'
import { ExchangeError, hasHeader, type HttpAnswer, type HttpRequest } from '../http/exchange.js'
import { defuse, MAX_EXCERPT, type Secrets } from '../redact.js'
import type { RequestSpec } from '../settings.js'
import type { StageContext } from '../stage.js'

/** `GET https://host/path` as the log and summary show it. */
export function describeRequest(ctx: StageContext, spec: RequestSpec): string {
  return `${spec.method} ${ctx.secrets.showUrl(spec.url)}`
}

/** `404 Not Found`. The reason phrase is not cut here: a cut secret could no longer be masked. */
export function describeCode(answer: { code: number; reason: string }): string {
  return answer.reason ? `${answer.code} ${defuse(answer.reason, Infinity)}` : String(answer.code)
}

/** What went with a request, naming headers but never showing their values. */
export function describeSent(ctx: StageContext, spec: RequestSpec): string {
  const parts: string[] = []
  const names = Object.keys(ctx.config.headers)
  if (spec.body) {
    const chosenType = hasHeader(ctx.config.headers, 'content-type') ? '' : ` ${spec.body.contentType}`
    parts.push(`body: ${formatBytes(spec.body.bytes.length)}${chosenType}`)
  }
  if (names.length > 0) parts.push(`headers: ${names.join(', ')}`)
  return parts.length > 0 ? ` (${parts.join('; ')})` : ''
}

/** The start of an answer's body, for an error message: one line, redacted, defused. */
export function bodySnippet(secrets: Secrets, payload: { text: string }): string {
  const text = payload.text.trim()
  return text ? `: ${defuse(secrets.redact(text), MAX_EXCERPT)}` : ''
}

/**
 * One `::debug::` line for an exchange, when the runner's debug logging is on (RUNNER_DEBUG=1):
 * method, redacted URL, status code or failure, time taken, and the status value read. Without
 * it nothing is written: the runner keeps every debug line in the job's log.
 */
export function debugExchange(
  ctx: StageContext,
  request: Pick<HttpRequest, 'method' | 'url'>,
  startedAt: number,
  result: HttpAnswer | unknown,
  status?: string
): void {
  if (!ctx.debug) return
  const { secrets } = ctx
  const answer = result as HttpAnswer
  const outcome =
    result instanceof ExchangeError
      ? `failed: ${result.message}`
      : `${answer.code}${answer.url.href === request.url.href ? '' : ` from ${secrets.showUrl(answer.url)}`}`
  const read = status === undefined ? '' : `, status ${status}`
  const ms = Math.round(now() - startedAt)
  core.debug(defuse(secrets.redact(`${request.method} ${secrets.showUrl(request.url)} → ${outcome} in ${ms}ms${read}`)))
}
