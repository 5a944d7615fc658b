// readPoll: one poll's answer read as Spinnaker's WebhookResponseProcessor reads it, with HTTP's
// conventions for long-running work (202, 303, 304, Retry-After) and the status mapping. The
// black-box suites keep the wiring (the loop, the cancel call, what the log shows).

import { tmpdir } from 'node:os'
import { beforeAll, describe, expect, it } from 'vitest'
import { readPayload } from '../../src/body.js'
import type { HttpAnswer } from '../../src/http/exchange.js'
import { readConfig } from '../../src/inputs/index.js'
import { loadMappingReader } from '../../src/mapping.js'
import { Secrets } from '../../src/redact.js'
import { readPoll, type PollHistory, type PollReading, type PollRules } from '../../src/tasks/poll.js'

beforeAll(() => loadMappingReader())

/** The inputs of a wait that maps `$.status`, as a user writes them. */
const MAPPED = {
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'canceled-statuses': 'CANCELED',
  'terminal-statuses': 'FAILED'
}

function rules(inputs: Record<string, string>, headersHeldBack = false): PollRules {
  const all: Record<string, string> = { url: 'https://ci.example/jobs', 'wait-for-completion': 'true', ...inputs }
  const secrets = new Secrets(() => {})
  const settings = readConfig({ get: name => all[name] ?? '', workspace: tmpdir(), warn: () => {} }, secrets)
  return { settings, secrets, headersHeldBack }
}

interface Answered {
  code: number
  /** An object is sent as JSON; a string as it is. */
  body?: unknown
  headers?: Record<string, string>
  seeOther?: boolean
}

const REASONS: Record<number, string> = { 200: 'OK', 202: 'Accepted', 304: 'Not Modified', 410: 'Gone' }

function read(
  inputs: Record<string, string>,
  { code, body, headers = {}, seeOther }: Answered,
  history?: PollHistory,
  now?: number
): PollReading {
  const bytes = Buffer.from(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body))
  const lowered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
  const answer: HttpAnswer = {
    code,
    reason: REASONS[code] ?? '',
    headers: lowered,
    body: bytes,
    url: new URL('https://ci.example/jobs/1'),
    seeOther,
    ms: 1
  }
  return readPoll(answer, readPayload(bytes), rules(inputs), history, now)
}

/** What a reading says, in the words a test asserts: the kind, the outcome or failure, and what comes next. */
function summary(reading: PollReading): Record<string, unknown> {
  if (reading.kind !== 'answered') return { kind: reading.kind, failure: reading.failure }
  return {
    kind: reading.kind,
    outcome: reading.outcome && `${reading.outcome.status}: ${reading.outcome.reason}`,
    status: reading.status?.value,
    percent: reading.status?.percent,
    progress: reading.progress,
    movedTo: reading.movedTo
  }
}

const running = { kind: 'answered', outcome: undefined }

describe('readPoll: the status mapping', () => {
  it.each<[string, Record<string, string>, Answered, Record<string, unknown>]>([
    [
      'a success status',
      MAPPED,
      { code: 200, body: { status: 'SUCCEEDED' } },
      { outcome: 'SUCCEEDED: the remote job reported SUCCEEDED' }
    ],
    [
      'a canceled status',
      MAPPED,
      { code: 200, body: { status: 'CANCELED' } },
      { outcome: 'CANCELED: the remote job reported CANCELED' }
    ],
    [
      'a terminal status',
      MAPPED,
      { code: 200, body: { status: 'FAILED' } },
      { outcome: 'TERMINAL: the remote job reported FAILED' }
    ],
    [
      'a status no list names: still running',
      MAPPED,
      { code: 200, body: { status: 'RUNNING' } },
      { ...running, status: 'RUNNING' }
    ],
    [
      'a status compared trimmed and in any case',
      MAPPED,
      { code: 200, body: { status: ' succeeded ' } },
      { outcome: 'SUCCEEDED: the remote job reported succeeded' }
    ],
    [
      'JSON whatever the Content-Type says',
      MAPPED,
      { code: 200, headers: { 'Content-Type': 'text/html' }, body: '{"status": "FAILED"}' },
      { outcome: 'TERMINAL: the remote job reported FAILED' }
    ],
    [
      'a list holding one value, as that value',
      MAPPED,
      { code: 200, body: { status: ['SUCCEEDED'] } },
      { outcome: 'SUCCEEDED: the remote job reported SUCCEEDED' }
    ],
    [
      'a number no list names, as a percentage',
      MAPPED,
      { code: 200, body: { status: 55.5 } },
      { ...running, status: '55.5', percent: 55.5 }
    ],
    [
      'a percentage of 100, as done',
      MAPPED,
      { code: 200, body: { status: 100 } },
      { kind: 'answered', outcome: 'SUCCEEDED: the remote job reported 100', percent: 100 }
    ],
    [
      'a number a list names, as that list says',
      { ...MAPPED, 'terminal-statuses': '-1' },
      { code: 200, body: { status: -1 } },
      { outcome: 'TERMINAL: the remote job reported -1' }
    ],
    [
      'a boolean a list names (false: running)',
      { 'status-json-path': '$.done', 'success-statuses': 'TRUE' },
      { code: 200, body: { done: false } },
      { ...running, status: 'false' }
    ],
    [
      'a boolean a list names (true: done)',
      { 'status-json-path': '$.done', 'success-statuses': 'TRUE' },
      { code: 200, body: { done: true } },
      { outcome: 'SUCCEEDED: the remote job reported true' }
    ],
    [
      'a plain-text status with status-json-path: $ (running)',
      { 'status-json-path': '$', 'success-statuses': 'done' },
      { code: 200, body: 'BUILDING' },
      { ...running, status: 'BUILDING' }
    ],
    [
      'a plain-text status with status-json-path: $ (done)',
      { 'status-json-path': '$', 'success-statuses': 'done' },
      { code: 200, body: 'DONE\n' },
      { kind: 'answered', outcome: 'SUCCEEDED: the remote job reported DONE' }
    ],
    [
      'a path that finds nothing: TERMINAL, naming the path',
      MAPPED,
      { code: 200, body: { other: 1 } },
      { kind: 'stopped', failure: "status-json-path $.status found nothing in the status URL's answer" }
    ],
    [
      'a path that finds an object',
      MAPPED,
      { code: 200, body: { status: { phase: 'x' } } },
      { kind: 'stopped', failure: "status-json-path $.status found an object in the status URL's answer" }
    ],
    [
      'a path that finds a list of values',
      MAPPED,
      { code: 200, body: { status: ['a', 'b'] } },
      { kind: 'stopped', failure: "status-json-path $.status found a list of 2 values in the status URL's answer" }
    ],
    [
      'a path that finds null',
      MAPPED,
      { code: 200, body: { status: null } },
      { kind: 'stopped', failure: "status-json-path $.status found null in the status URL's answer" }
    ],
    [
      'a text answer the path finds nothing in, quoted',
      MAPPED,
      { code: 200, body: '<html>maintenance</html>' },
      {
        kind: 'stopped',
        failure:
          "status-json-path $.status found nothing in the status URL's answer (the answer is not JSON: <html>maintenance</html>)"
      }
    ],
    [
      'an empty answer the path finds nothing in',
      MAPPED,
      { code: 200 },
      {
        kind: 'stopped',
        failure: "status-json-path $.status found nothing in the status URL's answer (the answer is empty)"
      }
    ],
    [
      'without a status path, the first 2xx',
      {},
      { code: 200, body: 'ready' },
      { outcome: 'SUCCEEDED: the status URL answered 200 OK' }
    ]
  ])('%s', (_, inputs, answer, expected) => {
    expect(summary(read(inputs, answer))).toMatchObject(expected)
  })

  it("adds the remote job's own reason (error-json-path) to a CANCELED or TERMINAL outcome, as JSON when not a string", () => {
    const withReason = { ...MAPPED, 'error-json-path': '$.error' }
    expect(summary(read(withReason, { code: 200, body: { status: 'FAILED', error: 'disk full' } })).outcome).toBe(
      'TERMINAL: the remote job reported FAILED: disk full'
    )
    expect(summary(read(withReason, { code: 200, body: { status: 'FAILED', error: { code: 7 } } })).outcome).toBe(
      'TERMINAL: the remote job reported FAILED: {"code":7}'
    )
    expect(summary(read(withReason, { code: 200, body: { status: 'CANCELED' } })).outcome).toBe(
      'CANCELED: the remote job reported CANCELED'
    )
    expect(summary(read(withReason, { code: 200, body: { status: 'SUCCEEDED', error: 'none' } })).outcome).toBe(
      'SUCCEEDED: the remote job reported SUCCEEDED'
    )
  })

  it('reads progress: a string as it is, anything else as JSON, nothing found as no progress', () => {
    const withProgress = { ...MAPPED, 'progress-json-path': '$.progress' }
    expect(summary(read(withProgress, { code: 200, body: { status: 'RUNNING', progress: 'step 2' } })).progress).toBe(
      'step 2'
    )
    expect(
      summary(read(withProgress, { code: 200, body: { status: 'RUNNING', progress: { done: 2 } } })).progress
    ).toBe('{"done":2}')
    expect(summary(read(withProgress, { code: 200, body: { status: 'RUNNING' } }))).toMatchObject({
      ...running,
      progress: undefined
    })
  })
})

describe('readPoll: 202 Accepted', () => {
  it.each<[string, Record<string, string>, Answered, Record<string, unknown>]>([
    ['without a status path: running, whatever its body', {}, { code: 202, body: { ok: 1 } }, running],
    ['a status path that finds nothing: not yet, not an error', MAPPED, { code: 202, body: { other: 1 } }, running],
    ['a status path that finds an object: not yet', MAPPED, { code: 202, body: { status: { nested: true } } }, running],
    ['a status path that finds null: not yet', MAPPED, { code: 202, body: { status: null } }, running],
    [
      'a final value in its body ends the wait',
      MAPPED,
      { code: 202, body: { status: 'FAILED' } },
      { outcome: 'TERMINAL: the remote job reported FAILED' }
    ],
    [
      'its Location moves polling',
      {},
      { code: 202, headers: { Location: '/ops/2' } },
      { ...running, movedTo: '/ops/2' }
    ],
    [
      'the status-url-header moves polling, whatever its name',
      { 'status-url-resolution': 'location-header', 'status-url-header': 'Operation-Location' },
      { code: 202, headers: { 'Operation-Location': '/ops/3', Location: '/elsewhere' } },
      { ...running, movedTo: '/ops/3' }
    ],
    [
      'a Location on a 2xx that is not 202 moves nothing',
      MAPPED,
      { code: 200, headers: { Location: '/x' }, body: { status: 'RUNNING' } },
      { ...running, movedTo: undefined }
    ]
  ])('%s', (_, inputs, answer, expected) => {
    expect(summary(read(inputs, answer))).toMatchObject(expected)
  })
})

describe('readPoll: 303 See Other to the result', () => {
  it.each<[string, Record<string, string>, Answered, Record<string, unknown>]>([
    [
      'a result the status path finds nothing in is SUCCEEDED',
      MAPPED,
      { code: 200, seeOther: true, body: { artifact: 'a.tgz' } },
      { outcome: 'SUCCEEDED: the status URL led (303 See Other) to its result, which answered 200 OK' }
    ],
    [
      'a terminal value in the result is TERMINAL',
      MAPPED,
      { code: 200, seeOther: true, body: { status: 'FAILED' } },
      { outcome: 'TERMINAL: the remote job reported FAILED' }
    ],
    [
      'a canceled value in the result is CANCELED',
      MAPPED,
      { code: 200, seeOther: true, body: { status: 'CANCELED' } },
      { outcome: 'CANCELED: the remote job reported CANCELED' }
    ],
    [
      'a 202 result is the end of the wait too',
      {},
      { code: 202, seeOther: true },
      { outcome: 'SUCCEEDED: the status URL led (303 See Other) to its result, which answered 202 Accepted' }
    ],
    [
      'a result that fails transiently is polled again',
      {},
      { code: 503, seeOther: true },
      { kind: 'transient', failure: 'the status URL led (303 See Other) to its result, which answered 503' }
    ]
  ])('%s', (_, inputs, answer, expected) => {
    expect(summary(read(inputs, answer))).toMatchObject(expected)
  })

  it('hands on the result as the build info', () => {
    const reading = read(MAPPED, { code: 200, seeOther: true, body: { artifact: 'a.tgz' } })
    expect(reading.kind === 'answered' && reading.buildInfo.json).toEqual({ artifact: 'a.tgz' })
  })
})

describe('readPoll: 304 Not Modified', () => {
  const previous = { code: 200, buildInfo: readPayload(Buffer.from('{"status": "RUNNING", "step": "build"}')) }

  it('is a poll whose answer is the previous one: its code, body, status and progress', () => {
    const reading = read(
      { ...MAPPED, 'progress-json-path': '$.step' },
      { code: 304 },
      { previous, limitedRetries: new Map() }
    )
    expect(summary(reading)).toMatchObject({ ...running, status: 'RUNNING', progress: 'build' })
    expect(reading.kind === 'answered' && [reading.code, reading.buildInfo]).toEqual([200, previous.buildInfo])
  })

  it('ends the wait when the previous answer was final', () => {
    const done = { code: 200, buildInfo: readPayload(Buffer.from('{"status": "SUCCEEDED"}')) }
    expect(summary(read(MAPPED, { code: 304 }, { previous: done, limitedRetries: new Map() })).outcome).toBe(
      'SUCCEEDED: the remote job reported SUCCEEDED'
    )
  })

  it('without a previous answer, and without a status path, is not yet', () => {
    expect(summary(read({}, { code: 304 }))).toMatchObject({ kind: 'answered', outcome: undefined })
  })

  it('without a previous answer, with a status path, is not yet either: there is nothing to read yet', () => {
    expect(summary(read(MAPPED, { code: 304 }))).toMatchObject({ kind: 'answered', outcome: undefined })
  })
})

describe('readPoll: codes and Retry-After', () => {
  const NOW = Date.parse('2026-12-01T10:00:00Z')

  it.each<[string, Record<string, string>, Answered, Record<string, unknown>]>([
    ['a 500 is transient', {}, { code: 500 }, { kind: 'transient', failure: 'the status URL answered 500' }],
    ['a 429 is transient', {}, { code: 429 }, { kind: 'transient', failure: 'the status URL answered 429' }],
    [
      'another 4xx stops the wait, quoting the body',
      {},
      { code: 410, body: 'job expired' },
      { kind: 'stopped', failure: 'the status URL answered 410 Gone: job expired' }
    ],
    ['a 404 stops the wait', {}, { code: 404 }, { kind: 'stopped' }],
    [
      'a 404 that retry-status-codes names is transient',
      { 'retry-status-codes': '404' },
      { code: 404 },
      { kind: 'transient' }
    ],
    ['a 504 (fail-fast only for the webhook call) is transient on a poll', {}, { code: 504 }, { kind: 'transient' }]
  ])('%s', (_, inputs, answer, expected) => {
    expect(summary(read(inputs, answer))).toMatchObject(expected)
  })

  it.each<[string, string | undefined, number | undefined]>([
    ['seconds', '5', 5000],
    ['an HTTP date', 'Tue, 01 Dec 2026 10:00:30 GMT', 30_000],
    ['an HTTP date in the past, as no wait', 'Tue, 01 Dec 2026 09:00:00 GMT', 0],
    ['nothing', undefined, undefined],
    ['a value that is neither', 'soon', undefined]
  ])('reads Retry-After given as %s, on a poll that goes on and on a transient failure', (_, header, ms) => {
    const headers: Record<string, string> = header === undefined ? {} : { 'Retry-After': header }
    const goesOn = read({}, { code: 202, headers }, undefined, NOW)
    expect(goesOn.kind === 'answered' && goesOn.retryAfterMs).toBe(ms)
    const failed = read({}, { code: 503, headers }, undefined, NOW)
    expect(failed.kind === 'transient' && failed.retryAfterMs).toBe(ms)
  })
})

describe('readPoll: poll-retry-limits', () => {
  const limits = { 'poll-retry-limits': '{404: 2, 503: 0}' }
  const retried = (count: number): PollHistory => ({ limitedRetries: new Map([[404, count]]) })

  it('retries a code it names, even one otherwise final, until its limit over the wait', () => {
    expect(read(limits, { code: 404 }, retried(0))).toMatchObject({ kind: 'transient', limitedCode: 404 })
    expect(read(limits, { code: 404 }, retried(1))).toMatchObject({ kind: 'transient', limitedCode: 404 })
    expect(summary(read(limits, { code: 404 }, retried(2)))).toEqual({
      kind: 'stopped',
      failure: 'the status URL answered 404, after 2 retries (poll-retry-limits)'
    })
  })

  it('with 0, never retries a code that is otherwise transient', () => {
    expect(summary(read(limits, { code: 503 }))).toEqual({
      kind: 'stopped',
      failure: 'the status URL answered 503, which poll-retry-limits never retries'
    })
  })
})

describe('readPoll: headers held back from the status URL', () => {
  const readHeldBack = (inputs: Record<string, string>, code: number, heldBack: boolean): PollReading => {
    const answer: HttpAnswer = {
      code,
      reason: '',
      headers: {},
      body: Buffer.alloc(0),
      url: new URL('https://other.example/status'),
      ms: 1
    }
    return readPoll(answer, readPayload(Buffer.alloc(0)), rules(inputs, heldBack))
  }

  it.each([401, 403])('a %i says why they were not sent, and how to send them', code => {
    expect(summary(readHeldBack({ 'status-headers': 'never' }, code, true)).failure).toBe(
      `the status URL answered ${code}; your headers were not sent to it because status-headers is never (set status-headers: always to send them)`
    )
    expect(summary(readHeldBack({}, code, true)).failure).toBe(
      `the status URL answered ${code}; your headers were not sent to it because it is on another origin than url (set status-headers: always to send them)`
    )
  })

  it('say nothing of headers that were sent, or on another code', () => {
    expect(summary(readHeldBack({}, 401, false)).failure).toBe('the status URL answered 401')
    expect(summary(readHeldBack({}, 410, true)).failure).toBe('the status URL answered 410')
  })
})
