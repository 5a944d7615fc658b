// Requests and answers described for the log, the summary and debug lines: names of headers,
// never their values; server text redacted and defused.

import * as core from '@actions/core'
import { formatBytes } from '../formats.js'
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
 * The `::debug::` line of an exchange that was answered, when the runner's debug logging is on
 * (RUNNER_DEBUG=1): method, redacted URL, status code (and the URL a redirect led to), time
 * taken, and the status value read. Without it nothing is written: the runner keeps every debug
 * line in the job's log. `exchange` (request.ts) writes it, and a poll's once its status is read.
 */
export function debugAnswer(
  ctx: StageContext,
  request: Pick<HttpRequest, 'method' | 'url'>,
  answer: HttpAnswer,
  status?: string
): void {
  if (!ctx.debug) return
  const moved = answer.url.href === request.url.href ? '' : ` from ${ctx.secrets.showUrl(answer.url)}`
  const read = status === undefined ? '' : `, status ${status}`
  debugLine(ctx, request, `${answer.code}${moved} in ${Math.round(answer.ms)}ms${read}`)
}

/** The `::debug::` line of an exchange that failed (see debugAnswer). */
export function debugFailure(
  ctx: StageContext,
  request: Pick<HttpRequest, 'method' | 'url'>,
  failure: ExchangeError,
  ms: number
): void {
  if (ctx.debug) debugLine(ctx, request, `failed: ${failure.message} in ${Math.round(ms)}ms`)
}

function debugLine(ctx: StageContext, request: Pick<HttpRequest, 'method' | 'url'>, outcome: string): void {
  const { secrets } = ctx
  core.debug(defuse(secrets.redact(`${request.method} ${secrets.showUrl(request.url)} → ${outcome}`)))
}
