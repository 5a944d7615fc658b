// Stage results for the report's unit tests: what a run hands to outputs.ts, summary.ts and
// report/index.ts.

import { readPayload, type Payload } from '../../src/body.js'
import type { StageResult, WebhookCall } from '../../src/stage.js'

export const payload = (text: string): Payload => readPayload(Buffer.from(text, 'utf8'))
export const json = (value: unknown): Payload => payload(JSON.stringify(value))

export function webhook(body: Payload, code = 202): WebhookCall {
  return {
    method: 'POST',
    code,
    reason: code === 202 ? 'Accepted' : 'OK',
    headers: { 'content-type': 'application/json', location: '/jobs/42' },
    payload: body,
    ms: 120
  }
}

export function result(overrides: Partial<StageResult> = {}): StageResult {
  const body = json({ id: 42, state: 'DONE' })
  return {
    status: 'SUCCEEDED',
    reason: 'the job reported DONE',
    elapsedMs: 75_000,
    polls: 0,
    webhook: webhook(body),
    buildInfo: body,
    ...overrides
  }
}
