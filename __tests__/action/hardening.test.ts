// What a hostile or broken server sends can never crash the action, leak a secret or flood the log.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorLines, everythingShown, runStep, visibleLog, warningLines } from '../support/action.js'
import type { Received } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

const TOKEN = 'tk/Pq+9Zr7Ws2Lm'
const SPELLINGS = {
  plus: 'tk/Pq%2B9Zr7Ws2Lm',
  slash: 'tk%2FPq+9Zr7Ws2Lm',
  lower: 'tk%2fPq%2b9Zr7Ws2Lm',
  json: 'tk\\u002fPq\\u002B9Zr7Ws2Lm',
  wrapped: 'tk/Pq+9Z\nr7Ws2Lm'
}

/** Everything a later step or a reader gets, the raw GITHUB_OUTPUT file included. */
function allWritten(run: Awaited<ReturnType<typeof runStep>>): string {
  return everythingShown(run) + readFileSync(run.files.output, 'utf8')
}

/** `items` nested `levels` deep, each level with an id: about 37 bytes a level. */
function deeplyNested(levels: number): string {
  let text = '{"id":0}'
  for (let i = 1; i <= levels; i++) text = `{"id":${i},"kind":"node","items":[${text}]}`
  return text
}

describe('a secret echoed in another spelling', () => {
  it('is masked in the outputs, the summary, GITHUB_OUTPUT and the files', async () => {
    const server = await serve(() => ({
      status: 200,
      headers: { 'Content-Type': 'text/plain' },
      body: Object.values(SPELLINGS).join(' | ')
    }))
    const run = await runStep({ url: server.url, headers: `Authorization: Bearer ${TOKEN}` })
    expect(run.code).toBe(0)
    expect(run.outputs.response).toBe('*** | *** | *** | *** | ***')
    const written = allWritten(run)
    for (const spelling of [TOKEN, ...Object.values(SPELLINGS)]) expect(written).not.toContain(spelling)
    expect(written).not.toContain('r7Ws2Lm')
  })

  it('is masked inside a JSON body, which stays valid JSON', async () => {
    const body = `{"path": "C:\\\\u0041dir", "echo": "${SPELLINGS.json}", "wrapped": "tk/Pq+9Z\\nr7Ws2Lm", "n": 1.50}`
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body }))
    const run = await runStep({ url: server.url, headers: `Authorization: Bearer ${TOKEN}` })
    const expected = { path: 'C:\\u0041dir', echo: '***', wrapped: '***', n: 1.5 }
    expect(JSON.parse(run.outputs['build-info'])).toEqual(expected)
    expect(JSON.parse(run.outputs.response)).toEqual(expected)
    expect(JSON.parse(readFileSync(run.outputs['build-info-file'], 'utf8'))).toEqual(expected)
    expect(allWritten(run)).not.toContain('r7Ws2Lm')
  })

  it('leaves a body without secrets exactly as it came', async () => {
    const body = '{ "path": "C:\\\\u0041dir",\n  "n": 1.50 }'
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body }))
    const run = await runStep({ url: server.url, headers: `Authorization: Bearer ${TOKEN}` })
    expect(run.outputs['build-info']).toBe(body)
  })
})

describe('a status URL with user info of its own', () => {
  it('is never used, and its password appears nowhere, response-headers included', async () => {
    let port = 0
    const server = await serve(request =>
      request.method === 'POST'
        ? { status: 202, headers: { Location: `http://svc:SvcPw-99887766@127.0.0.1:${port}/status` } }
        : { status: 200, body: { state: 'done' } }
    )
    port = server.port
    const run = await runStep({
      url: server.url,
      'wait-for-completion': 'true',
      'status-url-resolution': 'location-header'
    })
    expect(run.code).toBe(0)
    expect(server.to('/status')[0].headers.authorization).toBeUndefined()
    expect(JSON.parse(run.outputs['response-headers']).location).toBe(`http://***@127.0.0.1:${port}/status`)
    expect(allWritten(run)).not.toContain('SvcPw-99887766')
  })
})

describe('a URL with user info in any header of an answer', () => {
  it.each([
    ['a 303 Location, not waiting', { status: 303, header: 'Location', poll: false }, {}],
    ['a 201 Location, not waiting', { status: 201, header: 'Location', poll: false }, {}],
    ['an Operation-Location, not waiting', { status: 202, header: 'Operation-Location', poll: false }, {}],
    [
      'a poll answer Location',
      { status: 200, header: 'Location', poll: true },
      { 'wait-for-completion': 'true', 'status-json-path': '$.state', 'success-statuses': 'done' }
    ]
  ])('has its password appear nowhere: %s', async (_, answer, inputs) => {
    const credentials = { [answer.header]: 'http://svc:SvcPw-99887766@127.0.0.1:1/result' }
    const server = await serve(request =>
      answer.poll && request.method === 'POST'
        ? { status: 202 }
        : { status: answer.status, headers: credentials, body: { state: 'done' } }
    )
    const run = await runStep({ url: server.url, ...inputs })
    expect(run.code).toBe(0)
    expect(allWritten(run)).not.toContain('SvcPw-99887766')
  })
})

describe('an answer too deep to search', () => {
  const deep = deeplyNested(1_000)

  it('is 37 KB', () => {
    expect(deep.length).toBeGreaterThan(30_000)
    expect(deep.length).toBeLessThan(40_000)
  })

  it('makes an output path with two recursive descents unusable, and the run still reports', async () => {
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: deep }))
    const run = await runStep({ url: server.url, outputs: 'ids: $..items..id\ntop: $.id' })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.ids).toBe('')
    expect(run.outputs.top).toBe('1000')
    expect(warningLines(run).join('\n')).toMatch(/Output 'ids': \$\.\.items\.\.id .*too deep or too large to search/)
    expect(run.summary).toContain('Webhook SUCCEEDED')
  })

  it('says so when a single recursive descent overflows, rather than "found nothing"', async () => {
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: deep }))
    const run = await runStep({ url: server.url, outputs: 'ids: $..id' })
    expect(run.code).toBe(0)
    expect(warningLines(run).join('\n')).toMatch(/too deep or too large to search/)
    expect(warningLines(run).join('\n')).not.toMatch(/found nothing/)
  })

  // 150 levels: small, but two recursive descents over it cost more than a search may.
  const hidingAToken = deeplyNested(150).replace('{"id":0}', '{"id":0,"token":"deep-token-5521"}')
  const unsearchable =
    /^secret-json-paths \$\.\.items\.\.token cannot be evaluated: .*too deep or too large to search .*; the answer is neither kept nor shown, as what the path names could not be masked$/

  it('that a secret-json-paths path cannot search stops the stage, the answer neither kept nor shown', async () => {
    const server = await serve(() => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: hidingAToken
    }))
    const run = await runStep({ url: server.url, 'secret-json-paths': '$..items..token' })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(unsearchable)
    expect(allWritten(run)).not.toContain('deep-token-5521')
  })

  it('that a secret-json-paths path finds longer than a secret may be stops the stage, the answer neither kept nor shown', async () => {
    const huge = 'h'.repeat(8 * 1024 ** 2)
    const server = await serve(() => ({ status: 200, body: { id: 7, token: huge } }))
    const run = await runStep({ url: server.url, 'secret-json-paths': '$.token' })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toBe(
      'secret-json-paths $.token found a value of 8 MB, more than a secret may be (64 KB); the answer is neither kept nor shown, as what the path names could not be masked'
    )
    expect(allWritten(run)).not.toContain('hhhhhhhhhhhhhhhh')
  })

  it('from a poll likewise stops the wait TERMINAL, and the cancel endpoint is called', async () => {
    const server = await serve(request =>
      request.url === '/cancel'
        ? { status: 202 }
        : request.method === 'POST'
          ? { status: 202, body: { status: 'RUNNING' } }
          : { status: 200, headers: { 'Content-Type': 'application/json' }, body: hidingAToken }
    )
    const run = await runStep(
      {
        url: server.url,
        'wait-for-completion': 'true',
        'status-json-path': '$.status',
        'success-statuses': 'SUCCEEDED',
        'secret-json-paths': '$..items..token',
        'cancel-endpoint': '/cancel'
      },
      { env: { RUNNER_DEBUG: '1' } }
    )
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(unsearchable)
    expect(run.outputs['build-info']).toBe('{"status":"RUNNING"}')
    expect(server.to('/cancel')).toHaveLength(1)
    expect(allWritten(run)).not.toContain('deep-token-5521')
    // Each exchange has its debug line, the poll whose answer could not be masked too.
    expect(run.lines.filter(line => line.startsWith('::debug::')).map(line => line.split(' ')[0])).toEqual([
      '::debug::POST',
      '::debug::GET',
      '::debug::POST'
    ])
  })

  it('as a status path ends the wait TERMINAL, and the cancel endpoint is called', async () => {
    const server = await serve(request =>
      request.url === '/cancel'
        ? { status: 202 }
        : { status: 200, headers: { 'Content-Type': 'application/json' }, body: deep }
    )
    const run = await runStep({
      url: server.url,
      method: 'GET',
      'wait-for-completion': 'true',
      'status-json-path': '$..items..id',
      'success-statuses': 'done',
      'cancel-endpoint': '/cancel'
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^status-json-path \$\.\.items\.\.id cannot be evaluated: .*too deep/)
    expect(server.to('/cancel')).toHaveLength(1)
    expect(run.summary).toContain('Webhook TERMINAL')
  })
})

describe('server-chosen text', () => {
  it('is cut in the log and the summary: a 1.2 MB status URL cannot flood either', async () => {
    const long = `/status/${'x'.repeat(1_200_000)}`
    const server = await serve(request =>
      request.method === 'POST' ? { status: 202, body: { statusUrl: long } } : { status: 200, body: { state: 'done' } }
    )
    const run = await runStep({
      url: server.url,
      'wait-for-completion': 'true',
      'status-url-resolution': 'webhook-response',
      'status-url-json-path': '$.statusUrl',
      'max-response-size': '4MB',
      timeout: '3s'
    })
    // Node's server refuses so long a URL (a 431, or a closed connection until the timeout): the
    // wait ends TERMINAL either way; what matters is what is shown.
    expect(run.outputs.status).toBe('TERMINAL')
    for (const line of run.lines) expect(line.length).toBeLessThan(9_000)
    expect(visibleLog(run)).toMatch(/x… \(\d+ more characters cut\)/)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    expect(run.summary).toContain('Webhook TERMINAL')
  })

  it('an input error quotes at most a short prefix of a 100 KB value', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, method: 'P'.repeat(100_000) })
    expect(run.code).toBe(1)
    expect(server.received).toHaveLength(0)
    const [error] = errorLines(run)
    expect(error).toMatch(/^::error::Input 'method' must be GET, .* \(got 'P{200}… \(99800 more characters cut\)'\)$/)
  })
})

describe('header names are data', () => {
  it('sends a header named __proto__ like any other, a list value too', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, headers: '__proto__: [one, two]\nconstructor: c-value\nprototype: p' })
    expect(run.code).toBe(0)
    const sent = (request: Received, name: string): string[] =>
      request.rawHeaders.filter((_, i) => i % 2 === 1 && request.rawHeaders[i - 1] === name)
    expect(sent(server.received[0], '__proto__')).toEqual(['one', 'two'])
    expect(sent(server.received[0], 'constructor')).toEqual(['c-value'])
    expect(sent(server.received[0], 'prototype')).toEqual(['p'])
  })
})
