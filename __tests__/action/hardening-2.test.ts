// Hardening, round 2 (issue 15): promises that the last features broke, and the new bounds, as a
// hostile server or a new user meets them.

import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorLines, runStep, visibleLog, warningLines } from '../support/action.js'
import { startOidcIssuer } from '../support/oidc-issuer.js'
import { startProxy } from '../support/proxy.js'
import { jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '10ms',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'terminal-statuses': 'FAILED'
}

/** The files the step left in RUNNER_TEMP, read. */
function tempFiles(temp: string): string[] {
  return readdirSync(temp, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
}

describe('build-info', () => {
  it('is the last 2xx poll body even when the status path finds nothing there', async () => {
    const server = await serve(jobApi({ status: 202 }, [{ status: 200, body: { state: 'running', id: 7 } }]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/status-json-path \$\.status found nothing/)
    expect(JSON.parse(run.outputs['build-info'])).toEqual({ state: 'running', id: 7 })
    expect(JSON.parse(readFileSync(run.outputs['build-info-file'], 'utf8'))).toEqual({ state: 'running', id: 7 })
  })
})

describe('a secret query value echoed form-encoded (+ for a space)', () => {
  it('is masked in response, build-info, the summary, GITHUB_OUTPUT and the RUNNER_TEMP files', async () => {
    const server = await serve(request => ({
      status: 200,
      body: { echo: request.url, note: `you sent ${request.url.split('=')[1]}` }
    }))
    const run = await runStep({ url: `${server.url}/hook?api_key=open+sesame+4242` })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.response).note).toBe('you sent ***')
    expect(JSON.parse(run.outputs['build-info']).note).toBe('you sent ***')
    const written = [
      run.outputs.response,
      run.outputs['build-info'],
      run.summary,
      visibleLog(run),
      readFileSync(run.files.output, 'utf8'),
      ...tempFiles(run.files.temp)
    ]
    for (const text of written) expect(text).not.toContain('sesame')
  })
})

describe('an input error over a huge value', () => {
  it.each([
    ['url', { url: `${'x'.repeat(100_000)}:/jobs` }],
    ['cancel-endpoint', { url: 'http://127.0.0.1:9/', 'cancel-endpoint': `${'y'.repeat(100_000)}:/cancel` }]
  ])('%s: one error that quotes at most 200 characters', async (input, inputs) => {
    const run = await runStep(inputs)
    expect(run.code).toBe(1)
    expect(errorLines(run)).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(new RegExp(`^::error::Input '${input}' must be an http or https URL`))
    expect(errorLines(run)[0].length).toBeLessThan(400)
  })
})

describe('YAML anchors and aliases in mapping inputs', () => {
  it('resolve in headers and outputs, with directives, document markers and !!str tags', async () => {
    const server = await serve(() => ({ status: 200, body: { id: 'job-1' } }))
    const run = await runStep({
      url: server.url,
      headers: '%YAML 1.2\n---\nX-Team: &team payments\nX-Owner: *team\nX-Version: !!str 2.0\n...\n',
      outputs: 'first: &job $.id\nsame: *job'
    })
    expect(run.code).toBe(0)
    expect(server.received[0].headers['x-owner']).toBe('payments')
    expect(server.received[0].headers['x-version']).toBe('2.0')
    expect([run.outputs.first, run.outputs.same]).toEqual(['job-1', 'job-1'])
  })
})

describe('what a JSONPath finds', () => {
  it('is bounded: $..detail over 200 nested 40 KB objects leaves that output empty, not the process dead', async () => {
    let body = '{"end":true}'
    for (let i = 0; i < 200; i++) body = `{"pad":"${'p'.repeat(40_000)}","detail":${body}}`
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body }))
    const run = await runStep({ url: server.url, outputs: 'details: $..detail\nended: $..end' })
    expect(run.code).toBe(0)
    expect(run.outputs.details).toBe('')
    expect(run.outputs.ended).toBe('true')
    expect(warningLines(run).join('\n')).toMatch(/Output 'details': \$\.\.detail .*too large to search/)
  })
})

describe('a 202 that moves polling to a URL that is not http(s)', () => {
  it('leaves polling where it is, with one warning however often it is named', async () => {
    const moving = { status: 202, headers: { Location: 'ftp://files.example.com/status' } }
    const server = await serve(
      jobApi({ status: 202 }, [moving, moving, moving, { status: 200, body: { status: 'SUCCEEDED' } }])
    )
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.polls).toBe('4')
    expect(warningLines(run).filter(line => line.includes('ftp:'))).toEqual([
      "::warning::the status URL's Location is a ftp: URL, not http or https; polling stays"
    ])
  })

  it('warns once a value when two alternate', async () => {
    const ftp = { status: 202, headers: { Location: 'ftp://files.example.com/status' } }
    const gopher = { status: 202, headers: { Location: 'gopher://files.example.com/status' } }
    const server = await serve(
      jobApi({ status: 202 }, [ftp, gopher, ftp, gopher, ftp, { status: 200, body: { status: 'SUCCEEDED' } }])
    )
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(warningLines(run).filter(line => line.includes('polling stays'))).toEqual([
      "::warning::the status URL's Location is a ftp: URL, not http or https; polling stays",
      "::warning::the status URL's Location is a gopher: URL, not http or https; polling stays"
    ])
  })
})

describe('a placeholder is data', () => {
  it("'..' does not move the cancel call up the path: it is skipped, the timeout stays the reason", async () => {
    const server = await serve(jobApi({ status: 202, body: { id: '..' } }, [{ status: 200, body: { status: 'RUN' } }]))
    const run = await runStep({
      url: `${server.url}/api/jobs`,
      ...waiting,
      timeout: '200ms',
      'cancel-endpoint': '/api/jobs/{$.id}/cancel'
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^timed out after 200ms/)
    expect(server.received.filter(request => request.url.includes('cancel'))).toEqual([])
    expect(warningLines(run).join('\n')).toMatch(/cancel call skipped: the placeholder \{\$\.id\} found '\.\.'/)
    expect(run.summary).toMatch(/timed out after 200ms/)
  })

  it('filling the host with something that is no host name skips the cancel call, and the run reports as usual', async () => {
    const server = await serve(
      jobApi({ status: 202, body: { host: 'bad host' } }, [{ status: 200, body: { status: 'RUN' } }])
    )
    const run = await runStep({
      url: server.url,
      ...waiting,
      timeout: '200ms',
      'cancel-endpoint': `http://{$.host}:${server.port}/cancel`
    })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^timed out after 200ms/)
    expect(visibleLog(run)).not.toMatch(/internal error/)
    expect(warningLines(run).join('\n')).toMatch(/fills the host with 'bad host', which is not a valid host name/)
    expect(run.summary).toMatch(/timed out after 200ms/)
  })
})

describe('OIDC', () => {
  it('fetches no new token after a 401 from another origin a redirect led to', async () => {
    const issuer = await startOidcIssuer()
    try {
      const elsewhere = await serve(() => ({ status: 401, body: { message: 'who are you' } }))
      const webhook = await serve(() => ({ status: 302, headers: { Location: `${elsewhere.url}/status` } }))
      const run = await runStep({ url: webhook.url, method: 'GET', 'oidc-audience': 'deploy' }, { env: issuer.env })
      expect(run.outputs.status).toBe('TERMINAL')
      expect(issuer.issued).toHaveLength(1)
      expect(webhook.received).toHaveLength(1)
      expect(elsewhere.received).toHaveLength(1)
      expect(elsewhere.received[0].headers.authorization).toBeUndefined()
    } finally {
      await issuer.close()
    }
  })
})

describe('through an HTTP proxy', () => {
  it('an IPv6 literal target goes in brackets on the CONNECT line', async () => {
    const proxy = await startProxy()
    try {
      const server = await serve(() => ({ status: 200, body: { ok: true } }))
      const run = await runStep(
        { url: `http://[::ffff:7f00:1]:${server.port}/hook` },
        { env: { http_proxy: proxy.url, HTTP_PROXY: proxy.url } }
      )
      expect(run.code).toBe(0)
      expect(proxy.tunnels).toEqual([`[::ffff:7f00:1]:${server.port}`])
    } finally {
      await proxy.close()
    }
  })

  it('the link-local rule applies to the target: a status URL on 169.254.169.254 is refused, no tunnel opened to it', async () => {
    const proxy = await startProxy()
    try {
      const server = await serve(
        jobApi({ status: 202, headers: { Location: 'http://169.254.169.254/latest/meta-data' } }, [])
      )
      const run = await runStep(
        { url: `http://webhook.test:${server.port}/jobs`, ...waiting, 'status-url-resolution': 'location-header' },
        { env: { http_proxy: proxy.url } }
      )
      expect(run.outputs.status).toBe('TERMINAL')
      expect(run.outputs.error).toMatch(/link-local/)
      expect(proxy.tunnels.filter(tunnel => tunnel.startsWith('169.254.'))).toEqual([])
    } finally {
      await proxy.close()
    }
  })

  it("the origin rule applies to the target: a status URL on another host gets none of the user's headers", async () => {
    const proxy = await startProxy()
    try {
      const server = await serve(request =>
        request.method === 'POST'
          ? { status: 202, headers: { Location: `http://status.test:${server.port}/s` } }
          : { status: 200, body: { status: 'SUCCEEDED' } }
      )
      const run = await runStep(
        {
          url: `http://webhook.test:${server.port}/jobs`,
          ...waiting,
          'status-url-resolution': 'location-header',
          headers: 'X-Api-Key: k-778899'
        },
        { env: { http_proxy: proxy.url } }
      )
      expect(run.outputs.status).toBe('SUCCEEDED')
      expect(server.received.map(request => [request.headers.host, request.headers['x-api-key']])).toEqual([
        [`webhook.test:${server.port}`, 'k-778899'],
        [`status.test:${server.port}`, undefined]
      ])
    } finally {
      await proxy.close()
    }
  })
})
