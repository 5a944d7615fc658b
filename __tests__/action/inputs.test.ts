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

// The contract around an input error, which only the process shows. What each message says is
// held by unit/inputs.test.ts ("readConfig: the message a bad input gets").
const cases: Case[] = [
  ['method', { method: 'FETCH' }, /GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS/],
  // Read from the runner's GITHUB_WORKSPACE.
  ['payload-file', { 'payload-file': 'missing.json' }, /readable file.*ENOENT/],
  [
    'url',
    { url: 'http://user:pw@127.0.0.1:1/', headers: 'Authorization: Bearer abc' },
    /user info while headers set Authorization/
  ]
]

describe('a bad input', () => {
  it.concurrent.each(cases.map(([input, inputs, expected]) => ({ input, inputs, expected })))(
    'fails on $input with one ::error::, status TERMINAL, no stack trace and no request',
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
