// The webhook call: one request, retried while its failures are transient.

import { readPayload } from '../body.js'
import { formatDuration } from '../formats.js'
import { randomUUID } from 'node:crypto'
import { ExchangeError, type HttpAnswer } from '../http/exchange.js'
import { signatureHeaders } from '../signing.js'
import { isTransientFailure, judgeStatusCode, retryAfterDelay, retryDelay } from './retry.js'
import { RateLimitNotes, readRateLimit, type RateLimit } from './rate-limit.js'
import { bodySnippet, describeCode, describeRequest, describeSent } from './describe.js'
import { exchange, maskSecretsIn, webhookRequest } from './request.js'
import { sleep, StageFailure, type StageContext, type StageState, type WebhookCall } from '../stage.js'

const EMPTY = Buffer.alloc(0)

/** Calls the webhook; its answer is kept in `state` even when the call fails. */
export async function callWebhook(ctx: StageContext, state: StageState): Promise<WebhookCall> {
  const { config, timeline } = ctx
  const spec = config.webhook
  const request = webhookRequest(ctx)
  // The same key on every attempt: the server can tell a repeat from a new call.
  if (config.idempotencyKey) request.headers['Idempotency-Key'] = config.idempotencyKey
  // Standard Webhooks' id stays the same over retries too; the timestamp and signature do not.
  const messageId = `msg_${randomUUID()}`
  timeline.record('request', `${describeRequest(ctx, spec)}${describeSent(ctx, spec)}`)
  const rateLimits = new RateLimitNotes(timeline)

  for (let retry = 1; ; retry++) {
    const retriesLeft = retry <= config.retries
    let answer: HttpAnswer
    if (config.signing) {
      const { scheme, key } = config.signing
      Object.assign(request.headers, signatureHeaders(scheme, key, request.body ?? EMPTY, messageId, Date.now() / 1000))
    }
    try {
      answer = await exchange(ctx, request)
    } catch (error) {
      if (!(error instanceof ExchangeError) || error.kind === 'aborted') throw error
      if (!retriesLeft || !isTransientFailure(error.kind, spec.method, config.idempotencyKey !== undefined)) {
        throw new StageFailure(`the webhook call failed: ${error.message}${afterRetries(retry)}`)
      }
      await retryLater(ctx, retry, undefined, error.message)
      continue
    }

    const call: WebhookCall = {
      method: spec.method,
      code: answer.code,
      reason: answer.reason,
      headers: answer.headers,
      payload: readPayload(answer.body),
      ms: answer.ms
    }
    maskSecretsIn(ctx, call.payload)
    state.webhook = call
    state.buildInfo = call.payload
    const answered = `the webhook answered ${describeCode(answer)}`
    const rateLimit = readRateLimit(answer.code, answer.headers, Date.now())
    const codeRules = { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes }
    const verdict = judgeStatusCode(answer.code, 'webhook', codeRules, rateLimit !== undefined)
    rateLimits.heard(verdict === 'transient' ? rateLimit : undefined, answered)
    switch (verdict) {
      case 'accepted':
        timeline.record('answer', `answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`)
        return call
      case 'fail-fast':
        throw new StageFailure(`${answered}, a fail-fast status code${bodySnippet(ctx.secrets, call.payload)}`)
      case 'transient':
        if (!retriesLeft)
          throw new StageFailure(`${answered}${afterRetries(retry)}${bodySnippet(ctx.secrets, call.payload)}`)
        await retryLater(ctx, retry, serverWait(answer, rateLimit), answered)
        continue
      case 'rejected':
        throw new StageFailure(`${answered}${bodySnippet(ctx.secrets, call.payload)}`)
    }
  }

  function afterRetries(retry: number): string {
    return retry > 1 ? ` after ${retry - 1} ${retry === 2 ? 'retry' : 'retries'}` : ''
  }
}

/** The wait the answer asks for: Retry-After, or a rate limit's reset; absent: the usual backoff. */
function serverWait(answer: HttpAnswer, rateLimit: RateLimit | undefined): { ms: number; asked: string } | undefined {
  if (answer.headers['retry-after'] === undefined && rateLimit?.waitMs !== undefined) {
    return { ms: rateLimit.waitMs, asked: ' until the rate limit resets' }
  }
  const ms = rateLimit ? rateLimit.waitMs : retryAfterDelay(answer.headers['retry-after'], Date.now())
  return ms === undefined ? undefined : { ms, asked: ' as Retry-After asks' }
}

async function retryLater(
  ctx: StageContext,
  retry: number,
  server: { ms: number; asked: string } | undefined,
  why: string
): Promise<void> {
  const wait = retryDelay(retry, server?.ms)
  const asked = server?.asked ?? ''
  ctx.timeline.record('retry', `retry ${retry} of ${ctx.config.retries} in ${formatDuration(wait)}${asked}: ${why}`)
  await sleep(wait, ctx.cancelled)
}
