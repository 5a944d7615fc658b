// Bad input: one clear ::error:: naming the input, exit 1, no request sent, no stack trace.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorLines, runStep, warningLines } from '../support/action.js'
import { startServer, type TestServer } from '../support/server.js'

let server: TestServer
beforeAll(async () => {
  server = await startServer(() => ({ status: 200, body: { ok: true } }))
})
afterAll(() => server.close())

type Case = [input: string, inputs: Record<string, string>, expected: RegExp]

const waiting = { 'wait-for-completion': 'true' }

const cases = (): Case[] => [
  ['url', { url: '' }, /required/],
  ['url', { url: 'ftp://example.com/file' }, /http or https/],
  ['url', { url: 'not a url' }, /http or https URL/],
  ['method', { method: 'FETCH' }, /GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS/],
  ['headers', { headers: 'just some text' }, /mapping/],
  ['headers', { headers: '["a", "b"]' }, /mapping/],
  ['headers', { headers: 'Bad Name: x' }, /not legal/],
  ['headers', { headers: 'X-Evil: "a\\r\\nInjected: yes"' }, /line break.*header injection/],
  ['headers', { headers: 'X-Ctl: "a\\u0007b"' }, /not printable ASCII in the value of X-Ctl/],
  ['headers', { headers: 'X-Name: José' }, /not printable ASCII/],
  ['headers', { headers: 'X-A: 1\nx-a: 2' }, /twice/],
  ['headers', { headers: 'Content-Length: 3' }, /frames the body/],
  ['payload-file', { payload: '{}', 'payload-file': 'body.json' }, /together with 'payload'/],
  ['payload-file', { 'payload-file': 'missing.json' }, /readable file.*ENOENT/],
  [
    'payload',
    { headers: 'Content-Type: application/x-www-form-urlencoded', payload: '{"a": {"b": 1}}' },
    /flat JSON object/
  ],
  ['fail-fast-status-codes', { 'fail-fast-status-codes': '504, abc' }, /100 to 599.*abc/],
  ['retry-status-codes', { 'retry-status-codes': '404\n700' }, /100 to 599.*700/],
  ['retries', { retries: '-1' }, /whole number/],
  ['retries', { retries: '2.5' }, /whole number/],
  ['request-timeout', { 'request-timeout': '10 minutes' }, /duration/],
  ['timeout', { timeout: '0' }, /more than zero/],
  ['poll-interval', { 'poll-interval': 'often' }, /duration/],
  ['wait-before-monitor', { 'wait-before-monitor': '-5s' }, /duration/],
  ['max-response-size', { 'max-response-size': '16 bananas' }, /size such as 512KB/],
  ['wait-for-completion', { 'wait-for-completion': 'yes' }, /true or false/],
  ['summary', { summary: '1' }, /true or false/],
  ['status-url-resolution', { 'status-url-resolution': 'header' }, /get-method, location-header or webhook-response/],
  ['status-headers', { 'status-headers': 'sometimes' }, /same-origin, always or never/],
  ['status-json-path', { 'status-json-path': '$.[0]', 'success-statuses': 'done' }, /JSONPath/],
  ['status-url-json-path', { 'status-url-json-path': "$['unclosed" }, /JSONPath/],
  ['progress-json-path', { 'progress-json-path': '$.items[?(@.x ==)]' }, /JSONPath.*does not parse/],
  ['outputs', { outputs: 'id: $.[' }, /'id' to a JSONPath/],
  ['outputs', { outputs: '1st: $.id' }, /not a valid output name/],
  ['outputs', { outputs: 'Status: $.state' }, /the action sets that output itself/],
  ['outputs', { outputs: 'a: $.x\nA: $.y' }, /twice/],
  [
    'terminal-statuses',
    { 'status-json-path': '$.s', 'success-statuses': 'done, failed', 'terminal-statuses': ' FAILED ' },
    /success-statuses names too/
  ],
  [
    'status-url-json-path',
    { ...waiting, 'status-url-resolution': 'webhookResponse' },
    /required with status-url-resolution: webhook-response/
  ],
  ['success-statuses', { ...waiting, 'status-json-path': '$.state' }, /required with status-json-path/],
  ['status-json-path', { ...waiting, 'success-statuses': 'done' }, /required with success-statuses/],
  [
    'status-url-resolution',
    { 'monitor-only': 'true', 'status-url-resolution': 'location-header' },
    /get-method with monitor-only/
  ],
  ['cancel-endpoint', { 'cancel-endpoint': 'mailto:ops@example.com' }, /http or https/],
  ['cancel-method', { 'cancel-endpoint': '/cancel', 'cancel-method': 'STOP' }, /must be GET, HEAD/],
  [
    'url',
    { url: 'http://user:pw@127.0.0.1:1/', headers: 'Authorization: Bearer abc' },
    /user info while headers set Authorization/
  ]
]

describe('a bad input', () => {
  it.concurrent.each(cases().map(([input, inputs, expected], i) => ({ i, input, inputs, expected })))(
    'fails on $input (case $i) before any request',
    async ({ input, inputs, expected }) => {
      const before = server.received.length
      const run = await runStep({ url: `${server.url}/hook`, ...inputs })
      expect(run.code).toBe(1)
      const errors = errorLines(run)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(`Input '${input}'`)
      expect(errors[0]).toMatch(expected)
      expect(run.outputs.status).toBe('TERMINAL')
      expect(run.outputs.error).toContain(`Input '${input}'`)
      expect(run.stderr).toBe('')
      expect(run.stdout).not.toMatch(/\n\s+at /)
      // Other concurrent cases may send nothing either: no case here reaches the server.
      expect(server.received.length).toBe(before)
    }
  )

  it('never shows the value of a header it refuses', async () => {
    const run = await runStep({ url: `${server.url}/hook`, headers: 'X-Token: "s3cr3t-value\\ninjected"' })
    expect(run.code).toBe(1)
    expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('s3cr3t-value')
  })
})

describe('inputs the runner leaves empty', () => {
  it('take their defaults: an empty method is POST, an empty retries is 5', async () => {
    const run = await runStep({ url: `${server.url}/defaults`, method: '', retries: '', timeout: '', summary: '' })
    expect(run.code).toBe(0)
    expect(server.to('/defaults')[0].method).toBe('POST')
  })

  it('accept booleans and methods in any case', async () => {
    const run = await runStep({
      url: `${server.url}/case`,
      method: 'put',
      summary: 'FALSE',
      'wait-for-completion': 'False'
    })
    expect(run.code).toBe(0)
    expect(server.to('/case')[0].method).toBe('PUT')
    expect(run.summary).toBe('')
  })

  it('given without wait-for-completion only draw a warning, even when incomplete', async () => {
    const run = await runStep({
      url: `${server.url}/incomplete`,
      'status-url-resolution': 'webhook-response',
      'success-statuses': 'done'
    })
    expect(run.code).toBe(0)
    expect(warningLines(run)).toEqual([
      '::warning::status-url-resolution, success-statuses apply only with wait-for-completion: true and are ignored'
    ])
  })

  it('warn once about waiting inputs given without wait-for-completion', async () => {
    const run = await runStep({
      url: `${server.url}/ignored`,
      'status-json-path': '$.state',
      'success-statuses': 'done',
      timeout: '5m'
    })
    expect(run.code).toBe(0)
    const warnings = warningLines(run)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/status-json-path, success-statuses, timeout apply only with wait-for-completion: true/)
  })
})
