// The webhook call: one request, retried while its failures are transient.

import { readPayload } from './body.js'
import { formatBytes, formatDuration } from './formats.js'
import { ExchangeError, send, type HttpAnswer } from './http.js'
import type { RequestSpec } from './inputs.js'
import { defuse } from './redact.js'
import { isTransientFailure, judgeStatusCode, retryAfterDelay, retryDelay } from './retry.js'
import {
  describeRequest,
  requestFor,
  sleep,
  StageFailure,
  type StageContext,
  type StageState,
  type WebhookCall
} from './stage.js'

/** Calls the webhook; its answer is kept in `state` even when the call fails. */
export async function callWebhook(ctx: StageContext, state: StageState): Promise<WebhookCall> {
  const { config, timeline } = ctx
  const spec = config.webhook
  const request = requestFor(ctx, spec, {
    withCredentials: true,
    timeoutMs: config.requestTimeoutMs,
    signal: ctx.cancelled
  })
  timeline.record('request', `${describeRequest(ctx, spec)}${describeSent(ctx, spec)}`)

  for (let retry = 1; ; retry++) {
    const retriesLeft = retry <= config.retries
    let answer: HttpAnswer
    try {
      answer = await send(request)
    } catch (error) {
      if (!(error instanceof ExchangeError) || error.kind === 'aborted') throw error
      if (!retriesLeft || !isTransientFailure(error.kind, spec.method)) {
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
        throw new StageFailure(`${answered}, a fail-fast status code${bodySnippet(ctx, call)}`)
      case 'transient':
        if (!retriesLeft) throw new StageFailure(`${answered}${afterRetries(retry)}${bodySnippet(ctx, call)}`)
        await retryLater(ctx, retry, retryAfterDelay(answer.headers['retry-after'], Date.now()), answered)
        continue
      case 'rejected':
        throw new StageFailure(`${answered}${bodySnippet(ctx, call)}`)
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

/** `404 Not Found`. The reason phrase is not cut here: a cut secret could no longer be masked. */
export function describeCode(answer: { code: number; reason: string }): string {
  return answer.reason ? `${answer.code} ${defuse(answer.reason, Infinity)}` : String(answer.code)
}

/** What went with a request, naming headers but never showing their values. */
export function describeSent(ctx: StageContext, spec: RequestSpec): string {
  const parts: string[] = []
  const names = Object.keys(ctx.config.headers)
  if (spec.body) {
    const chosenType = names.some(name => name.toLowerCase() === 'content-type') ? '' : ` ${spec.body.contentType}`
    parts.push(`body: ${formatBytes(spec.body.bytes.length)}${chosenType}`)
  }
  if (names.length > 0) parts.push(`headers: ${names.join(', ')}`)
  return parts.length > 0 ? ` (${parts.join('; ')})` : ''
}

/** The start of an answer's body, for an error message: one line, redacted, defused. */
export function bodySnippet(ctx: StageContext, call: { payload: { text: string } }): string {
  const text = call.payload.text.trim()
  return text ? `: ${defuse(ctx.secrets.redact(text), 200)}` : ''
}
