// The webhook call: one request, retried while its failures are transient.

import { readPayload } from '../body.js'
import { formatDuration } from '../formats.js'
import { randomUUID } from 'node:crypto'
import { ExchangeError, type HttpAnswer } from '../http/exchange.js'
import { signatureHeaders } from '../signing.js'
import { isTransientFailure, judgeStatusCode, retryAfterDelay, retryDelay } from './retry.js'
import { bodySnippet, debugExchange, describeCode, describeRequest, describeSent } from './describe.js'
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

  for (let retry = 1; ; retry++) {
    const retriesLeft = retry <= config.retries
    let answer: HttpAnswer
    const startedAt = performance.now()
    if (config.signing) {
      const { scheme, key } = config.signing
      Object.assign(request.headers, signatureHeaders(scheme, key, request.body ?? EMPTY, messageId, Date.now() / 1000))
    }
    try {
      answer = await exchange(ctx, request)
      debugExchange(ctx, request, startedAt, answer)
    } catch (error) {
      debugExchange(ctx, request, startedAt, error)
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
    switch (
      judgeStatusCode(answer.code, 'webhook', { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes })
    ) {
      case 'accepted':
        timeline.record('answer', `answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`)
        return call
      case 'fail-fast':
        throw new StageFailure(`${answered}, a fail-fast status code${bodySnippet(ctx.secrets, call.payload)}`)
      case 'transient':
        if (!retriesLeft)
          throw new StageFailure(`${answered}${afterRetries(retry)}${bodySnippet(ctx.secrets, call.payload)}`)
        await retryLater(ctx, retry, retryAfterDelay(answer.headers['retry-after'], Date.now()), answered)
        continue
      case 'rejected':
        throw new StageFailure(`${answered}${bodySnippet(ctx.secrets, call.payload)}`)
    }
  }

  function afterRetries(retry: number): string {
    return retry > 1 ? ` after ${retry - 1} ${retry === 2 ? 'retry' : 'retries'}` : ''
  }
}

async function retryLater(
  ctx: StageContext,
  retry: number,
  retryAfterMs: number | undefined,
  why: string
): Promise<void> {
  const wait = retryDelay(retry, retryAfterMs)
  const asked = retryAfterMs === undefined ? '' : ' as Retry-After asks'
  ctx.timeline.record('retry', `retry ${retry} of ${ctx.config.retries} in ${formatDuration(wait)}${asked}: ${why}`)
  await sleep(wait, ctx.cancelled)
}
