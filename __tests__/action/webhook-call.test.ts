// The webhook call as a server sees it, and the step's result as a workflow sees it.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorLines, runStep } from '../support/action.js'
import { selfSignedServer } from '../support/certificates.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

describe('the request', () => {
  it('sends method, JSON payload and headers exactly as written', async () => {
    const server = await serve(() => ({ status: 202, body: { id: 'job-7' } }))
    const run = await runStep({
      url: `${server.url}/jobs?team=blue`,
      payload: '{"ref": "main", "replicas": 2.0}',
      headers: 'X-Version: 2.0\nX-Build: 0123\nX-Flag: true\nAccept:\n  - application/json\n  - text/plain'
    })
    expect(run.code).toBe(0)
    const [request] = server.received
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/jobs?team=blue')
    expect(request.body).toBe('{"ref": "main", "replicas": 2.0}')
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers['x-version']).toBe('2.0')
    expect(request.headers['x-build']).toBe('0123')
    expect(request.headers['x-flag']).toBe('true')
    const accepts = request.rawHeaders.filter((_, i) => i % 2 === 0 && request.rawHeaders[i].toLowerCase() === 'accept')
    expect(accepts).toHaveLength(2)
    expect(request.headers['user-agent']).toMatch(/^webhook-stage-action/)
  })

  it('reads headers given as JSON, numbers kept as written', async () => {
    const server = await serve(() => ({ status: 200 }))
    await runStep({ url: server.url, method: 'GET', headers: '{"X-Version": 2.0, "X-Tags": ["a", "b"]}' })
    const [request] = server.received
    expect(request.headers['x-version']).toBe('2.0')
    expect(request.rawHeaders.filter(name => name === 'X-Tags')).toHaveLength(2)
  })

  it('sends text as text/plain and keeps a Content-Type the user gives', async () => {
    const server = await serve(() => ({ status: 200 }))
    await runStep({ url: `${server.url}/text`, payload: 'deploy please' })
    await runStep({ url: `${server.url}/xml`, payload: '<deploy/>', headers: 'Content-Type: application/xml' })
    expect(server.to('/text')[0].headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(server.to('/text')[0].body).toBe('deploy please')
    expect(server.to('/xml')[0].headers['content-type']).toBe('application/xml')
  })

  it('form-encodes a JSON object when the Content-Type asks for a form', async () => {
    const server = await serve(() => ({ status: 200 }))
    await runStep({
      url: server.url,
      payload: '{"ref": "main", "n": 2.0, "tag": ["a", "b c"], "none": null}',
      headers: 'Content-Type: application/x-www-form-urlencoded'
    })
    expect(server.received[0].body).toBe('ref=main&n=2.0&tag=a&tag=b+c&none=null')
  })

  it('reads the body from payload-file, relative to the workspace', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep(
      { url: server.url, 'payload-file': 'deploy/body.json' },
      {
        setup: files => {
          const dir = path.join(files.workspace, 'deploy')
          mkdirSync(dir)
          writeFileSync(path.join(dir, 'body.json'), '{"from": "file"}')
        }
      }
    )
    expect(run.code).toBe(0)
    expect(server.received[0].body).toBe('{"from": "file"}')
    expect(server.received[0].headers['content-type']).toBe('application/json')
  })

  it('sends the body with any method, DELETE included', async () => {
    const server = await serve(() => ({ status: 204 }))
    await runStep({ url: server.url, method: 'DELETE', payload: '{"force": true}' })
    expect(server.received[0].method).toBe('DELETE')
    expect(server.received[0].body).toBe('{"force": true}')
  })

  it('asks for JSON, then text, then anything when the headers give no Accept', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(0)
    expect(server.received[0].headers.accept).toBe('application/json, text/plain;q=0.9, */*;q=0.8')
  })

  it('sends no body when there is no payload', async () => {
    const server = await serve(() => ({ status: 204 }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(0)
    expect(server.received[0].body).toBe('')
    expect(server.received[0].headers['content-type']).toBeUndefined()
  })
})

describe('the answer', () => {
  it('becomes the outputs: status, code, body, headers, build info and files', async () => {
    const server = await serve(() => ({
      status: 201,
      headers: { 'X-Request-Id': 'r-1' },
      body: { id: 42, env: 'prod' }
    }))
    const run = await runStep({ url: server.url, outputs: 'job-id: $.id\nenvironment: env' })
    expect(run.code).toBe(0)
    const { outputs } = run
    expect(outputs.status).toBe('SUCCEEDED')
    expect(outputs['status-code']).toBe('201')
    expect(JSON.parse(outputs.response)).toEqual({ id: 42, env: 'prod' })
    expect(JSON.parse(outputs['build-info'])).toEqual({ id: 42, env: 'prod' })
    expect(JSON.parse(outputs['response-headers'])['x-request-id']).toBe('r-1')
    expect(outputs['job-id']).toBe('42')
    expect(outputs.environment).toBe('prod')
    expect(outputs.error).toBe('')
    expect(outputs.polls).toBe('0')
    expect(outputs['build-info-file'].startsWith(run.files.temp)).toBe(true)
    expect(JSON.parse(readFileSync(outputs['build-info-file'], 'utf8'))).toEqual({ id: 42, env: 'prod' })
    expect(readFileSync(outputs['response-file'], 'utf8')).toBe(outputs.response)
  })

  it('is read as JSON whatever its Content-Type says', async () => {
    const server = await serve(() => ({
      status: 200,
      headers: { 'Content-Type': 'text/plain' },
      body: '{"version": "1.2.3"}'
    }))
    const run = await runStep({ url: server.url, outputs: 'version: $.version' })
    expect(run.outputs.version).toBe('1.2.3')
  })

  it('is read as UTF-8 whatever charset it declares', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=iso-8859-1' })
      res.end(Buffer.from('café', 'utf8'))
    })
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(0)
    expect(run.outputs.response).toBe('café')
  })

  it('hands on a text answer as it is', async () => {
    const server = await serve(() => ({ status: 200, body: 'queued as #17' }))
    const run = await runStep({ url: server.url, outputs: 'whole: $' })
    expect(run.outputs.response).toBe('queued as #17')
    expect(run.outputs['build-info']).toBe('queued as #17')
    expect(run.outputs.whole).toBe('queued as #17')
  })

  it('fails TERMINAL on a 4xx, with the body in the error, and sets status and error', async () => {
    const server = await serve(() => ({ status: 422, body: { message: 'branch not found' } }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(1)
    expect(server.received).toHaveLength(1)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs['status-code']).toBe('422')
    expect(run.outputs.error).toMatch(/answered 422 Unprocessable Entity: \{"message":"branch not found"\}/)
    expect(errorLines(run)).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(/^::error::TERMINAL: the webhook answered 422/)
  })

  it('accepts a 3xx to a POST without following it, as Spinnaker does', async () => {
    const server = await serve(() => ({ status: 303, headers: { Location: '/jobs/9' } }))
    const run = await runStep({ url: `${server.url}/jobs` })
    expect(run.code).toBe(0)
    expect(run.outputs['status-code']).toBe('303')
    expect(server.received).toHaveLength(1)
  })

  it('fails when the body is larger than max-response-size, declared or streamed', async () => {
    const declared = await serve(() => ({ status: 200, body: 'x'.repeat(3000) }))
    const streamed = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      const chunk = 'y'.repeat(1024)
      const write = (left: number): void => {
        if (left === 0 || res.destroyed) return void res.end()
        res.write(chunk, () => write(left - 1))
      }
      write(64)
    })
    for (const server of [declared, streamed]) {
      const run = await runStep({ url: server.url, 'max-response-size': '2KB', retries: '0' })
      expect(run.code).toBe(1)
      expect(run.outputs.error).toMatch(/larger than max-response-size \(2 KB\)/)
    }
  })

  it('of a HEAD call is not held to max-response-size: it has no body', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Length': String(100 * 1024 ** 2), 'Content-Type': 'application/zip' })
      res.end()
    })
    const run = await runStep({ url: server.url, method: 'HEAD' })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs['response-headers'])['content-length']).toBe(String(100 * 1024 ** 2))
  })

  it.each([204, 304])(
    'is not held to max-response-size when it is a %i: it has no body, whatever Content-Length says',
    async code => {
      const server = await serve((_request, res) => {
        res.writeHead(code, { 'Content-Length': String(100 * 1024 ** 2) })
        res.end()
      })
      const run = await runStep({ url: server.url, 'max-response-size': '1KB', retries: '0' })
      expect(run.outputs.error).toBe('')
      expect(run.code).toBe(0)
      expect(run.outputs['status-code']).toBe(String(code))
    }
  )

  it('fails the step even when the outputs cannot be written', async () => {
    const server = await serve(() => ({ status: 500, headers: { 'Retry-After': '0' } }))
    const run = await runStep({ url: server.url, retries: '0' }, { env: { GITHUB_OUTPUT: '/' } })
    expect(run.code).toBe(1)
    expect(run.lines).toContainEqual(expect.stringMatching(/^::warning::The step outputs could not be written/))
    expect(errorLines(run)).toEqual(['::error::TERMINAL: the webhook answered 500 Internal Server Error'])
  })

  it.each([
    ['', {}],
    [', with a secret to mask', { headers: 'Authorization: Bearer tok-0123456789' }],
    [', with a secret-json-paths path that finds it', { 'secret-json-paths': '$[0]' }]
  ])('hands on build info nested too deeply to pretty-print%s', async (_, inputs) => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000)
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: deep }))
    const run = await runStep({ url: server.url, outputs: 'first: $[0]', ...inputs })
    expect(run.outputs.error).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs['build-info']).toBe(deep)
    expect(run.summary).toContain('Webhook SUCCEEDED')
  })

  it('writes the summary: request, redacted URL, code, result and build info', async () => {
    const server = await serve(() => ({ status: 202, body: { id: 'job-7', state: 'queued' } }))
    const run = await runStep({ url: `${server.url}/jobs?api_key=k-123456`, method: 'PUT' })
    expect(run.summary).toContain('Webhook SUCCEEDED')
    expect(run.summary).toContain(`PUT ${server.url}/jobs?api_key=***`)
    expect(run.summary).toContain('202 Accepted')
    expect(run.summary).toMatch(/<details><summary>Build info[^]*"state": "queued"[^]*<\/details>/)
    expect(run.summary).not.toContain('k-123456')
  })

  it('runs without a summary file, and writes none with summary: false', async () => {
    const server = await serve(() => ({ status: 200 }))
    const missing = await runStep({ url: server.url }, { env: { GITHUB_STEP_SUMMARY: undefined } })
    expect(missing.code).toBe(0)
    expect(missing.stdout).not.toMatch(/summary/i)
    const off = await runStep({ url: server.url, summary: 'false' })
    expect(off.code).toBe(0)
    expect(off.summary).toBe('')
  })
})

describe('request-timeout', () => {
  it('bounds the whole exchange, even while bytes keep coming', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      const timer = setInterval(() => res.write('.'), 50)
      res.on('close', () => clearInterval(timer))
    })
    const run = await runStep({ url: server.url, method: 'POST', 'request-timeout': '400ms' })
    expect(run.code).toBe(1)
    expect(run.outputs.error).toMatch(/no complete answer within 400ms/)
    expect(server.received).toHaveLength(1)
  })
})

describe('redirects', () => {
  it('are followed for GET, keeping credentials on the same origin only', async () => {
    const other = await serve(() => ({ status: 200, body: { from: 'other' } }))
    const server = await serve(request =>
      request.url === '/start'
        ? { status: 302, headers: { Location: '/moved' } }
        : { status: 307, headers: { Location: `${other.url}/elsewhere` } }
    )
    const run = await runStep({
      url: `http://robot:pw-123456@127.0.0.1:${server.port}/start`,
      method: 'GET',
      headers: 'X-Api-Key: key-abcdef\nX-Team: blue'
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.response)).toEqual({ from: 'other' })
    expect(server.to('/moved')[0].headers['x-api-key']).toBe('key-abcdef')
    expect(server.to('/moved')[0].headers.authorization).toMatch(/^Basic /)
    const crossed = other.received[0]
    expect(crossed.url).toBe('/elsewhere')
    expect(crossed.headers['x-api-key']).toBeUndefined()
    expect(crossed.headers['x-team']).toBeUndefined()
    expect(crossed.headers.authorization).toBeUndefined()
  })

  it('stop after 10 hops', async () => {
    const server = await serve((_request, _res, index) => ({ status: 302, headers: { Location: `/hop/${index + 1}` } }))
    const run = await runStep({ url: `${server.url}/hop/0`, method: 'GET', retries: '0' })
    expect(run.code).toBe(1)
    expect(run.outputs.error).toMatch(/more than 10 redirects/)
    expect(server.received).toHaveLength(11)
  })

  it('are never followed from https to http', async () => {
    const plain = await serve(() => ({ status: 200, body: 'downgraded' }))
    const { key, cert, remove } = selfSignedServer('IP:127.0.0.1')
    const secure = https.createServer({ key: key.pem, cert: cert.pem }, (_req, res) => {
      res.writeHead(301, { Location: `${plain.url}/insecure` })
      res.end()
    })
    await new Promise<void>(resolve => secure.listen(0, '127.0.0.1', resolve))
    try {
      const port = (secure.address() as AddressInfo).port
      const run = await runStep(
        { url: `https://127.0.0.1:${port}/`, method: 'GET', retries: '0' },
        { env: { NODE_EXTRA_CA_CERTS: cert.path } }
      )
      expect(run.code).toBe(1)
      expect(run.outputs.error).toMatch(/refused a redirect from https to http/)
      expect(plain.received).toHaveLength(0)

      const untrusted = await runStep({ url: `https://127.0.0.1:${port}/`, method: 'GET' })
      expect(untrusted.code).toBe(1)
      expect(untrusted.outputs.error).toMatch(/certificate for 127\.0\.0\.1:\d+ is not trusted: it is self-signed/)
      expect(untrusted.stdout).not.toMatch(/retry/)
    } finally {
      secure.closeAllConnections()
      await new Promise(resolve => secure.close(resolve))
      remove()
    }
  })
})
