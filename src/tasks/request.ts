// Requests as the stage's tasks share them, as Orca's WebhookService: building the request for a
// webhook call, a poll or a cancel call, and making the exchange with the job's OIDC token.
//
// Who gets what, in one place:
// - the user's headers and the URL's Basic authentication: the webhook call and the cancel call
//   (URLs the user wrote); polls as status-headers says (same-origin: only the webhook URL's
//   origin); a redirect to another origin never (http/exchange.ts);
// - the client certificate and the OIDC token: only the webhook URL's origin, whatever
//   status-headers says; a fresh token only after a 401 from that origin;
// - a link-local address: only the host the user wrote (the webhook URL's; the cancel URL's
//   when no placeholder fills it); every host a server chose is checked;
// - allowed-hosts, when set: every request and every redirect hop (http/exchange.ts).

import { documentOf, type Payload } from '../body.js'
import { ACCEPT_ENCODING } from '../http/decode.js'
import { searchDocument } from '../jsonpath/index.js'
import { ExchangeError, hasHeader, send, type Headers, type HttpAnswer, type HttpRequest } from '../http/exchange.js'
import { now } from '../clock.js'
import { formatBytes } from '../formats.js'
import { whenAborted } from '../abort.js'
import { debugAnswer, debugFailure } from './describe.js'
import type { TlsSettings } from '../http/agents.js'
import type { OidcTokens } from '../oidc.js'
import type { RequestSpec } from '../settings.js'
import { StageFailure, type StageContext } from '../stage.js'

const USER_AGENT = 'webhook-stage-action (+https://github.com/features/actions)'
const ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.8'

/** The webhook call's request: the user's credentials go along. */
export function webhookRequest(ctx: StageContext): HttpRequest {
  return requestFor(ctx, ctx.config.webhook, {
    withCredentials: true,
    timeoutMs: ctx.config.requestTimeoutMs,
    signal: ctx.cancelled
  })
}

/**
 * A poll of `url`, a status URL a server chose: the user's credentials go along as status-headers
 * says. `headersHeldBack`: there were some, and they stay behind (for the log, and a 401's hint).
 */
export function pollRequest(
  ctx: StageContext,
  url: URL,
  signal: AbortSignal
): { request: HttpRequest; headersHeldBack: boolean } {
  const { config } = ctx
  const withCredentials =
    config.statusHeaders === 'always' ||
    (config.statusHeaders === 'same-origin' && url.origin === config.webhook.url.origin)
  const headersHeldBack =
    !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined)
  const spec = { method: 'GET', url, authorization: config.webhook.authorization }
  const request = requestFor(ctx, spec, { withCredentials, timeoutMs: config.requestTimeoutMs, signal })
  return { request, headersHeldBack }
}

/**
 * The cancel call's request to `url`, the cancel endpoint with its placeholders filled in. The
 * user wrote the cancel endpoint, so its host is trusted, unless a placeholder filled it.
 */
export function cancelRequest(ctx: StageContext, url: URL, signal: AbortSignal): HttpRequest {
  const cancel = ctx.config.cancel as RequestSpec
  return requestFor(
    ctx,
    { ...cancel, url },
    { withCredentials: true, timeoutMs: ctx.config.requestTimeoutMs, signal, trustedHost: cancel.url.hostname }
  )
}

/**
 * The HTTP request for a webhook call, a poll or a cancel call (tasks use the three above). `withCredentials`: whether the
 * user's headers and the URL's Basic authentication go along.
 */
export function requestFor(
  ctx: StageContext,
  spec: RequestSpec,
  options: {
    withCredentials: boolean
    timeoutMs: number
    signal: AbortSignal
    /** The host the user wrote for this request: the webhook URL's unless said otherwise. */
    trustedHost?: string
  }
): HttpRequest {
  const credentials: Headers = options.withCredentials ? { ...ctx.config.headers } : {}
  if (options.withCredentials && spec.authorization) credentials.Authorization = spec.authorization
  const headers: Headers = {}
  if (!hasHeader(credentials, 'user-agent')) headers['User-Agent'] = USER_AGENT
  if (!hasHeader(credentials, 'accept')) headers.Accept = ACCEPT
  // Answers in these codings are decoded whatever the user asked for; their own value goes as is.
  if (!hasHeader(credentials, 'accept-encoding')) headers['Accept-Encoding'] = ACCEPT_ENCODING
  if (spec.body && !hasHeader(credentials, 'content-type')) headers['Content-Type'] = spec.body.contentType
  return {
    method: spec.method,
    url: spec.url,
    headers,
    credentials,
    body: spec.body?.bytes,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: ctx.config.maxResponseBytes,
    signal: options.signal,
    secrets: ctx.secrets,
    // The user wrote the webhook URL and the cancel URL; a poll's URL was chosen by a server.
    trustedHost: options.trustedHost ?? ctx.config.webhook.url.hostname,
    allowedHosts: ctx.config.allowedHosts,
    // The client certificate goes only to the webhook URL's origin; the trusted CAs everywhere.
    tls: spec.url.origin === ctx.config.webhook.url.origin ? ctx.config.tls : onlyTrust(ctx.config.tls)
  }
}

function onlyTrust(tls: TlsSettings): TlsSettings {
  return tls.ca ? { ca: tls.ca } : {}
}

/**
 * One exchange as a task makes it: with the job's OIDC token when `oidc-audience` is set and the
 * request goes to the webhook URL's origin (never elsewhere, whatever status-headers says), and
 * once more with a fresh token after a 401; written to the debug log, failed or answered.
 */
export async function exchange(ctx: StageContext, request: HttpRequest, polling = false): Promise<HttpAnswer> {
  const startedAt = now()
  let answer: HttpAnswer
  try {
    answer = await exchangeWithToken(ctx, request, polling)
  } catch (error) {
    if (error instanceof ExchangeError) debugFailure(ctx, request, error, now() - startedAt)
    throw error
  }
  // A poll's line waits for the status it reads (monitor.ts).
  if (!polling) debugAnswer(ctx, request, answer)
  return answer
}

async function exchangeWithToken(ctx: StageContext, request: HttpRequest, polling: boolean): Promise<HttpAnswer> {
  const oidc = ctx.oidc
  if (!oidc || request.url.origin !== ctx.config.webhook.url.origin) return send(request)
  const authorized = async (): Promise<HttpRequest> => ({
    ...request,
    credentials: { ...request.credentials, Authorization: `Bearer ${await oidcToken(oidc, polling, request.signal)}` }
  })
  const answer = await send(await authorized())
  // Only the webhook's own origin can say the token expired: a host a redirect led to never saw it.
  if (answer.code !== 401 || answer.url.origin !== ctx.config.webhook.url.origin) return answer
  oidc.invalidate()
  return send(await authorized())
}

/**
 * `polling`: a token that cannot be had stops the wait without a final status (the cancel call
 * follows). The exchange's signal ends the wait for it as it would end the exchange: the token
 * is asked once for all the requests that want it, so the asking itself goes on.
 */
async function oidcToken(oidc: OidcTokens, polling: boolean, signal: AbortSignal | undefined): Promise<string> {
  let stopListening: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    const abort = (): void => reject(new ExchangeError('aborted', 'aborted'))
    if (signal?.aborted) abort()
    else if (signal) stopListening = whenAborted(signal, abort)
  })
  try {
    return await Promise.race([oidc.current(), aborted])
  } catch (error) {
    if (error instanceof ExchangeError) throw error
    throw new StageFailure(`could not get the job's OIDC token: ${(error as Error).message}`, polling)
  } finally {
    stopListening?.()
  }
}

/**
 * Registers the values that secret-json-paths find in an answer as secrets, before anything that
 * holds them is logged, kept or set as an output. Other values keep flowing. A path that cannot
 * search the answer (too deep or too large for it) stops the stage before the answer is kept or
 * shown: what the path names could not be masked. `polling`: a poll's answer, after which the
 * cancel call follows.
 */
export function maskSecretsIn(ctx: StageContext, payload: Payload, polling = false): void {
  const paths = ctx.config.secretJsonPaths
  if (paths.length === 0 || payload.bytes === 0) return
  const document = documentOf(payload)
  const unmaskable = (why: string): StageFailure =>
    new StageFailure(
      `secret-json-paths ${why}; the answer is neither kept nor shown, as what the path names could not be masked`,
      polling
    )
  for (const path of paths) {
    const search = searchDocument(path, document)
    if ('unsearchable' in search) throw unmaskable(search.unsearchable)
    for (const secret of leavesOf(search.found)) {
      if (secret.length > MAX_SECRET_LENGTH) {
        throw unmaskable(
          `${path.source} found a value of ${formatBytes(secret.length)}, more than a secret may be (${formatBytes(MAX_SECRET_LENGTH)})`
        )
      }
      ctx.secrets.add(secret)
    }
  }
}

/**
 * The longest value a secret path may find: each secret is masked in every spelling a server may
 * echo it in, a pattern many times its length, and a token is a few kB at most.
 */
const MAX_SECRET_LENGTH = 64 * 1024

/** Every string and number inside what a path found; without recursion, as a value may nest deeply. */
function leavesOf(found: unknown[]): string[] {
  const leaves: string[] = []
  const pending: unknown[] = [...found]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value === 'string' || typeof value === 'number') leaves.push(String(value))
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) pending.push(item)
  }
  return leaves
}
