// Waiting for completion: the status URL, polling, status mapping, progress and headers on polls.

import { describe, expect, it } from 'vitest'
import { errorLines, runStep, visibleLog, warningLines } from '../support/action.js'
import { waited, type Answer, type Received } from '../support/server.js'
import { inTurn, jobApi, useServers } from '../support/servers.js'

const serve = useServers()

const waiting = {
  'wait-for-completion': 'true',
  'poll-interval': '20ms',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'canceled-statuses': 'CANCELED',
  'terminal-statuses': 'FAILED'
}

const status = (value: unknown, extra: object = {}): Answer => ({ status: 200, body: { status: value, ...extra } })
const gets = (received: Received[]): Received[] => received.filter(request => request.method === 'GET')

describe('the status URL', () => {
  it('is the webhook URL itself with get-method, polled with GET', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('RUNNING'), status('SUCCEEDED')]))
    const run = await runStep({ url: `${server.url}/jobs/7`, method: 'PUT', ...waiting })
    expect(run.code).toBe(0)
    expect(server.received.map(request => `${request.method} ${request.url}`)).toEqual([
      'PUT /jobs/7',
      'GET /jobs/7',
      'GET /jobs/7'
    ])
    expect(run.outputs['status-url']).toBe(`${server.url}/jobs/7`)
    expect(run.outputs.polls).toBe('2')
  })

  it.each([
    ['an absolute Location', (base: string) => `${base}/status/1`, '/status/1'],
    ['a Location relative to the host', () => '/status/1', '/status/1'],
    ['a Location relative to the path', () => 'status/1', '/api/status/1']
  ])('comes from %s', async (_name, location, polled) => {
    let base = ''
    const server = await serve(jobApi({ status: 201, headers: { Location: location(base) } }, [status('SUCCEEDED')]))
    base = server.url
    const run = await runStep({ url: `${server.url}/api/jobs`, ...waiting, 'status-url-resolution': 'locationHeader' })
    expect(run.code).toBe(0)
    expect(gets(server.received)[0].url).toBe(polled)
    expect(run.outputs['status-url']).toBe(`${server.url}${polled}`)
  })

  it.each([
    ['an absolute URL', (base: string) => `${base}/runs/5`],
    ['a relative URL', () => '../runs/5']
  ])('comes from the answer body with webhook-response, as %s', async (_name, link) => {
    let base = ''
    const server = await serve(request =>
      request.method === 'POST' ? { status: 202, body: { links: { status: link(base) } } } : status('SUCCEEDED')
    )
    base = server.url
    const run = await runStep({
      url: `${server.url}/api/jobs`,
      ...waiting,
      'status-url-resolution': 'webhook-response',
      'status-url-json-path': '$.links.status'
    })
    expect(run.code).toBe(0)
    expect(gets(server.received)[0].url).toBe('/runs/5')
  })

  it.each([
    ['location-header', {}, { status: 202 }, /the webhook's answer has no Location header to poll/],
    [
      'webhook-response',
      { 'status-url-json-path': '$.statusUrl' },
      { status: 202, body: { id: 1 } },
      /status-url-json-path \$\.statusUrl found nothing in the webhook's answer/
    ],
    [
      'webhook-response',
      { 'status-url-json-path': '$.id' },
      { status: 202, body: { id: 1 } },
      /found a number in the webhook's answer, not a URL to poll/
    ]
  ])(
    'that cannot be resolved (%s) ends TERMINAL without polling, and calls the cancel endpoint',
    async (mode, extra, created, message) => {
      const server = await serve(request => (request.url === '/cancel' ? { status: 202 } : (created as Answer)))
      const run = await runStep({
        url: `${server.url}/jobs`,
        ...waiting,
        'status-url-resolution': mode,
        'cancel-endpoint': '/cancel',
        ...extra
      })
      expect(run.code).toBe(1)
      expect(run.outputs.error).toMatch(message)
      expect(gets(server.received)).toHaveLength(0)
      expect(server.to('/cancel')).toHaveLength(1)
    }
  )

  it('is never polled after a failed webhook call, and the cancel endpoint is not called', async () => {
    const server = await serve(() => ({ status: 400, body: 'bad' }))
    const run = await runStep({ url: server.url, ...waiting, 'cancel-endpoint': '/cancel' })
    expect(run.code).toBe(1)
    expect(server.received.map(request => request.method)).toEqual(['POST'])
  })

  it('is url itself with monitor-only, which makes no call', async () => {
    const server = await serve(inTurn(status('RUNNING'), status('SUCCEEDED')))
    const run = await runStep({
      ...waiting,
      url: `${server.url}/jobs/3`,
      'monitor-only': 'true',
      'wait-for-completion': 'false',
      payload: '{}'
    })
    expect(run.code).toBe(0)
    expect(server.received.map(request => request.method)).toEqual(['GET', 'GET'])
    expect(run.outputs['status-code']).toBe('')
    expect(run.outputs.response).toBe('')
    expect(JSON.parse(run.outputs['build-info'])).toEqual({ status: 'SUCCEEDED' })
    expect(warningLines(run)).toEqual([
      '::warning::payload applies only to the webhook call, which monitor-only skips, and is ignored'
    ])
  })
})

describe('polling', () => {
  it('waits wait-before-monitor, then polls every poll-interval', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('RUNNING'), status('RUNNING'), status('SUCCEEDED')]))
    const run = await runStep({ url: server.url, ...waiting, 'wait-before-monitor': '300ms', 'poll-interval': '150ms' })
    expect(run.code).toBe(0)
    const [call, ...polls] = server.received
    expect(polls[0].at - call.at).toBeGreaterThanOrEqual(waited(300))
    expect(polls[1].at - polls[0].at).toBeGreaterThanOrEqual(waited(150))
    expect(polls[2].at - polls[1].at).toBeGreaterThanOrEqual(waited(150))
    expect(run.lines).toContain('waiting 300ms before the first poll')
  })

  it('keeps one connection alive across polls', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [status('RUNNING'), status('RUNNING'), status('RUNNING'), status('SUCCEEDED')])
    )
    await runStep({ url: server.url, ...waiting })
    const ports = new Set(gets(server.received).map(request => request.remotePort))
    expect(gets(server.received)).toHaveLength(4)
    expect(ports.size).toBe(1)
  })

  it('ends TERMINAL when timeout passes, saying how long it waited and the last status, and calls the cancel endpoint', async () => {
    const server = await serve(request => (request.url === '/cancel' ? { status: 202 } : status('RUNNING')))
    const run = await runStep({ url: `${server.url}/jobs`, ...waiting, timeout: '400ms', 'cancel-endpoint': '/cancel' })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/^timed out after 400ms of polling \(\d+ polls; last status RUNNING\)$/)
    expect(server.to('/cancel')).toHaveLength(1)
    expect(visibleLog(run)).toMatch(/cancel call POST .*\/cancel answered 202 Accepted/)
  })

  it('abandons a poll still in flight when the timeout passes', async () => {
    const server = await serve(request => (request.method === 'GET' ? new Promise<void>(() => {}) : { status: 202 }))
    const run = await runStep({ url: server.url, ...waiting, timeout: '300ms' })
    expect(run.code).toBe(1)
    expect(run.outputs.error).toMatch(/^timed out after 300ms of polling \(1 polls; no status yet\)$/)
  })

  it('goes on after a 500, a 429 with Retry-After and a dropped connection, warning once each', async () => {
    const server = await serve((request, res, index) => {
      if (request.method !== 'GET') return { status: 202 }
      if (index === 1) return { status: 500, headers: { 'Retry-After': '0' } }
      if (index === 2) return { status: 429, headers: { 'Retry-After': '1' } }
      if (index === 3) return void res.socket?.destroy()
      return status('SUCCEEDED')
    })
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    const [, first500, limited, dropped, final] = server.received
    expect(dropped.at - limited.at).toBeGreaterThanOrEqual(waited(1000))
    expect(final.at).toBeGreaterThan(first500.at)
    const warnings = warningLines(run)
    expect(warnings).toEqual([
      '::warning::the status URL answered 500 Internal Server Error; polling goes on',
      '::warning::the status URL answered 429 Too Many Requests; polling goes on',
      expect.stringMatching(/^::warning::the connection broke off .*; polling goes on$/)
    ])
    // A short outage ends without a line of its own; the summary counts the failures.
    expect(run.lines.filter(line => line.includes('answers again'))).toEqual([])
    expect(run.summary).toMatch(/\| Poll failures \| the status URL answered 500 Internal Server Error ×1; .* ×1 \|/)
  })

  it('waits until the status resource exists, with retry-status-codes: 404 and no status path', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [{ status: 404 }, { status: 404 }, { status: 200, body: { ready: true } }])
    )
    const run = await runStep({
      url: server.url,
      'wait-for-completion': 'true',
      'poll-interval': '20ms',
      'retry-status-codes': '404'
    })
    expect(run.code).toBe(0)
    expect(gets(server.received)).toHaveLength(3)
    expect(JSON.parse(run.outputs['build-info'])).toEqual({ ready: true })
  })
})

describe('status mapping', () => {
  it('reads JSON whatever the Content-Type, compares trimmed and in any case', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [
        { status: 200, headers: { 'Content-Type': 'text/html' }, body: '{"status": " running "}' },
        { status: 200, body: { status: ' succeeded ' } }
      ])
    )
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    expect(run.lines).toContain('status running')
    expect(run.outputs.error).toBe('')
  })

  // What the path may find and how each reads: unit/poll.test.ts. Here: the wait ends, and the cancel call.
  it.each([[{ other: 1 }, 'found nothing']])(
    'ends TERMINAL on %j, naming the path and what it found',
    async (body, found) => {
      const server = await serve(request =>
        request.url === '/cancel' ? { status: 202 } : request.method === 'GET' ? { status: 200, body } : { status: 202 }
      )
      const run = await runStep({ url: `${server.url}/jobs`, ...waiting, 'cancel-endpoint': '/cancel' })
      expect(run.code).toBe(1)
      expect(run.outputs.error).toBe(`status-json-path $.status ${found} in the status URL's answer`)
      expect(server.to('/cancel')).toHaveLength(1)
    }
  )

  it('reads a number no list names as a percentage; 100 succeeds', async () => {
    const server = await serve(jobApi({ status: 202 }, [status(10), status(55.5), status(100)]))
    const run = await runStep({ url: server.url, ...waiting })
    expect(run.code).toBe(0)
    expect(run.lines.filter(line => /^status \d/.test(line))).toEqual(['status 10%', 'status 55.5%', 'status 100%'])
    expect(run.outputs['percent-complete']).toBe('100')
    expect(run.outputs.error).toBe('')
  })

  it('ends CANCELED when the remote job reports a canceled status, without a cancel call', async () => {
    const server = await serve(request =>
      request.url === '/cancel' ? { status: 202 } : request.method === 'GET' ? status('CANCELED') : { status: 202 }
    )
    const run = await runStep({ url: `${server.url}/jobs`, ...waiting, 'cancel-endpoint': '/cancel' })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('CANCELED')
    expect(errorLines(run)).toContain('::error::CANCELED: the remote job reported CANCELED')
    expect(server.to('/cancel')).toHaveLength(0)
  })
})

describe('progress', () => {
  it('logs each new message once, treats a missing one as no progress, and shows non-strings as JSON', async () => {
    const server = await serve(
      jobApi({ status: 202 }, [
        status('RUNNING', { progress: 'building' }),
        status('RUNNING', { progress: 'building' }),
        status('RUNNING'),
        status('RUNNING', { progress: { step: 2, of: 3 } }),
        status('SUCCEEDED', { progress: 'done' })
      ])
    )
    const run = await runStep({ url: server.url, ...waiting, 'progress-json-path': '$.progress' })
    expect(run.code).toBe(0)
    expect(run.lines.filter(line => line.startsWith('progress: '))).toEqual([
      'progress: building',
      'progress: {"step":2,"of":3}',
      'progress: done'
    ])
    expect(run.outputs.progress).toBe('done')
    expect(run.summary).toMatch(/\| Progress \| done \|/)
  })
})

describe('headers on polls', () => {
  const credentials = { headers: 'X-Api-Key: key-0123456789\nX-Team: blue' }

  async function pollElsewhere(statusHeaders: string | undefined, answer: Answer = status('SUCCEEDED')) {
    const other = await serve(() => answer)
    const server = await serve(() => ({ status: 202, headers: { Location: `${other.url}/status` } }))
    const inputs = {
      url: `http://robot:pw-0123456789@127.0.0.1:${server.port}/jobs`,
      ...waiting,
      ...credentials,
      'status-url-resolution': 'location-header'
    }
    const run = await runStep(statusHeaders ? { ...inputs, 'status-headers': statusHeaders } : inputs)
    return { run, poll: other.received[0] }
  }

  it('are held back from a status URL on another origin by default', async () => {
    const { run, poll } = await pollElsewhere(undefined)
    expect(run.code).toBe(0)
    expect(poll.headers['x-api-key']).toBeUndefined()
    expect(poll.headers['x-team']).toBeUndefined()
    expect(poll.headers.authorization).toBeUndefined()
    expect(run.lines).toContainEqual(expect.stringContaining('headers held back (status-headers: same-origin)'))
  })

  it('go everywhere with status-headers: always', async () => {
    const { poll } = await pollElsewhere('always')
    expect(poll.headers['x-api-key']).toBe('key-0123456789')
    expect(poll.headers.authorization).toMatch(/^Basic /)
  })

  it('go to the webhook origin by default, and nowhere with status-headers: never', async () => {
    const server = await serve(jobApi({ status: 202 }, [status('SUCCEEDED')]))
    await runStep({ url: `${server.url}/a`, ...waiting, ...credentials })
    await runStep({ url: `${server.url}/b`, ...waiting, ...credentials, 'status-headers': 'never' })
    expect(gets(server.to('/a'))[0].headers['x-api-key']).toBe('key-0123456789')
    expect(gets(server.to('/b'))[0].headers['x-api-key']).toBeUndefined()
    expect(server.to('/b')[0].headers['x-api-key']).toBe('key-0123456789')
  })

  it('held back by status-headers: never: a 401 says so', async () => {
    const server = await serve(request => (request.method === 'GET' ? { status: 401 } : { status: 202 }))
    const run = await runStep({ url: server.url, ...waiting, ...credentials, 'status-headers': 'never' })
    expect(run.outputs.error).toBe(
      'the status URL answered 401 Unauthorized; your headers were not sent to it because status-headers is never (set status-headers: always to send them)'
    )
  })

  it('held back when another origin answers 401: the error says so and names status-headers: always', async () => {
    const { run } = await pollElsewhere(undefined, { status: 401 })
    expect(run.code).toBe(1)
    expect(run.outputs.error).toMatch(
      /answered 401 Unauthorized; your headers were not sent to it because it is on another origin than url \(set status-headers: always to send them\)/
    )
  })
})
