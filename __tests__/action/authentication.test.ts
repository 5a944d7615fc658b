// Authentication and trust: mutual TLS, private CAs, GitHub OIDC tokens that outlive a long wait,
// signed requests, and secrets the API hands back. No secret reaches the log, the summary, the
// outputs or the files.

import { createHmac } from 'node:crypto'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { errorLines, everythingShown, runStep, startStep, visibleLog } from '../support/action.js'
import { makePki, type Pem, type TestPki } from '../support/certificates.js'
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.js'
import { startProxy } from '../support/proxy.js'
import type { Answer, Handler } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

/** The client certificate's common name (support/certificates.ts). */
const CLIENT_NAME = 'webhook-stage-action'

interface Seen {
  url: string
  authorization?: string
  clientCertificate?: string
}

let pki: TestPki
beforeAll(() => {
  pki = makePki()
})
afterAll(() => pki.remove())

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})

/**
 * An HTTPS server on 127.0.0.1 with a certificate of the test CA (for 127.0.0.1 unless another is
 * given); `requireClient` asks for a client certificate.
 */
async function serveTls(
  answer: (seen: Seen, index: number) => Answer,
  requireClient: boolean,
  identity: { cert: Pem; key: Pem } = pki.server
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = https.createServer(
    {
      key: identity.key.pem,
      cert: identity.cert.pem,
      ca: pki.ca.pem,
      requestCert: true,
      rejectUnauthorized: requireClient
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate()
      const entry: Seen = {
        url: req.url ?? '',
        authorization: req.headers.authorization,
        clientCertificate: peer && 'subject' in peer ? String(peer.subject?.CN) : undefined
      }
      seen.push(entry)
      req.resume()
      req.on('end', () => {
        const { status = 200, headers = {}, body } = answer(entry, seen.length - 1)
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
        res.end(body === undefined ? '' : JSON.stringify(body))
      })
    }
  )
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise(resolve => server.close(() => resolve())))
  server.on('secureConnection', socket => closers.push(async () => void socket.destroy()))
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe('mutual TLS', () => {
  it('presents the client certificate on the call and the polls, and the key stays secret', async () => {
    let polls = 0
    const server = await serveTls(
      () => (polls++ < 2 ? { status: 202, body: { state: 'running' } } : { status: 200, body: { state: 'done' } }),
      true
    )
    const run = await runStep({
      url: `${server.url}/deploy`,
      'ca-certificates': pki.ca.path,
      'client-certificate': pki.client.cert.pem,
      'client-key': pki.client.encryptedKey.path,
      'client-key-passphrase': pki.client.passphrase,
      'wait-for-completion': 'true',
      'poll-interval': '20ms',
      'status-json-path': '$.state',
      'success-statuses': 'done'
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.seen.length).toBeGreaterThanOrEqual(3)
    for (const seen of server.seen) expect(seen.clientCertificate).toBe(CLIENT_NAME)
    const shown = everythingShown(run)
    expect(shown).not.toContain(pki.client.passphrase)
    for (const line of pki.client.encryptedKey.pem.split('\n').filter(l => l && !l.startsWith('-----'))) {
      expect(shown).not.toContain(line)
    }
  })

  it('presents it through https_proxy too, in the TLS inside the tunnel to the target', async () => {
    const proxy = await startProxy()
    closers.push(() => proxy.close())
    // The proxy sends the tunnel to 127.0.0.1, where the CA's certificate for deploy.example.com answers.
    const server = await serveTls(() => ({ status: 200, body: { ok: true } }), true, pki.wrongHost)
    const port = new URL(server.url).port
    const run = await runStep(
      {
        url: `https://deploy.example.com:${port}/deploy`,
        'ca-certificates': pki.ca.path,
        'client-certificate': pki.client.cert.path,
        'client-key': pki.client.key.path,
        retries: '0'
      },
      { env: { https_proxy: proxy.url } }
    )
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(proxy.tunnels).toEqual([`deploy.example.com:${port}`])
    expect(server.seen.map(seen => seen.clientCertificate)).toEqual([CLIENT_NAME])
  })

  it('never sends it to another origin, even a status URL the same CA vouches for', async () => {
    const other = await serveTls(() => ({ status: 200, body: { state: 'done' } }), false)
    const server = await serveTls(() => ({ status: 202, headers: { Location: `${other.url}/status` } }), true)
    const run = await runStep({
      url: server.url,
      'ca-certificates': pki.ca.pem,
      'client-certificate': pki.client.cert.path,
      'client-key': pki.client.key.path,
      'wait-for-completion': 'true',
      'status-url-resolution': 'location-header'
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.seen[0].clientCertificate).toBe(CLIENT_NAME)
    expect(other.seen[0].clientCertificate).toBeUndefined()
  })

  it.each([
    ['as PEM text', () => pki.client.key.pem],
    ['as a path', () => pki.client.key.path]
  ])('masks the client key given %s line by line, without its BEGIN and END lines', async (_, key) => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, 'client-certificate': pki.client.cert.pem, 'client-key': key() })
    expect(run.code).toBe(0)
    const masks = run.lines.filter(line => line.startsWith('::add-mask::'))
    const body = pki.client.key.pem.split('\n').filter(line => line && !line.startsWith('-----'))
    expect(body.length).toBeGreaterThan(1)
    expect(masks).toEqual(expect.arrayContaining(body.map(line => `::add-mask::${line}`)))
    expect(masks).not.toContainEqual(expect.stringMatching(/^::add-mask::-----/))
  })

  it('says clearly when the server asks for a client certificate and gets none', async () => {
    const server = await serveTls(() => ({ status: 200 }), true)
    const run = await runStep({ url: server.url, 'ca-certificates': pki.ca.path, retries: '0' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toMatch(/client certificate/)
    expect(run.outputs.error).not.toMatch(/deps\/openssl|\.c:\d+/)
  })
})

describe('private CAs', () => {
  it('are not trusted until ca-certificates names them, and then they are', async () => {
    const server = await serveTls(() => ({ status: 200, body: { ok: true } }), false)
    const untrusted = await runStep({ url: server.url, retries: '0' })
    expect(untrusted.outputs.status).toBe('TERMINAL')
    expect(untrusted.outputs.error).toMatch(/certificate for 127\.0\.0\.1:\d+ is not trusted/)
    expect(untrusted.outputs.error).toMatch(/ca-certificates/)
    const trusted = await runStep({ url: server.url, 'ca-certificates': pki.ca.path })
    expect(trusted.outputs.status).toBe('SUCCEEDED')
  })
})

describe('GitHub OIDC', () => {
  let issuer: OidcIssuer
  beforeAll(async () => {
    issuer = await startOidcIssuer()
  })
  afterAll(() => issuer.close())

  const tokenAccepted =
    (issued: () => string[]): Handler =>
    request => {
      const token = request.headers.authorization?.replace(/^Bearer /, '')
      return token && issued().includes(token)
        ? { status: 200, body: { state: 'done', seen: token.length } }
        : { status: 401 }
    }

  it('sends the job token to the webhook URL, masked everywhere', async () => {
    issuer.lifetimeSeconds = 300
    const before = issuer.issued.length
    const server = await serve(tokenAccepted(() => issuer.issued.map(t => t.token)))
    const run = await runStep({ url: server.url, 'oidc-audience': 'https://deploy.example.com' }, { env: issuer.env })
    expect(run.outputs.status).toBe('SUCCEEDED')
    const token = issuer.issued[before].token
    expect(issuer.issued[before].audience).toBe('https://deploy.example.com')
    expect(server.received[0].headers.authorization).toBe(`Bearer ${token}`)
    expect(run.lines).toContain(`::add-mask::${token}`)
    expect(everythingShown(run)).not.toContain(token)
  })

  it('refreshes the token near its exp through a long wait, and once after a 401', async () => {
    // Tokens that expire 61.5 s after issue are due for refresh 1.5 s in.
    issuer.lifetimeSeconds = 61.5
    const before = issuer.issued.length
    let refusedOnce = false
    const server = await serve((request, _res, index): Answer => {
      if (request.method === 'POST') return { status: 202 }
      // One 401 for a token that is still fresh: the action fetches another and repeats the poll.
      if (index === 2 && !refusedOnce) {
        refusedOnce = true
        return { status: 401 }
      }
      return { status: 200, body: { state: index < 30 ? 'running' : 'done' } }
    })
    const run = await runStep(
      {
        url: server.url,
        'oidc-audience': 'deploy',
        'wait-for-completion': 'true',
        'poll-interval': '100ms',
        'status-json-path': '$.state',
        'success-statuses': 'done'
      },
      { env: issuer.env }
    )
    expect(run.outputs.status).toBe('SUCCEEDED')
    const tokens = issuer.issued.slice(before).map(t => t.token)
    // The first, one after the 401, and at least one refresh before exp during the ~3 s wait.
    expect(tokens.length).toBeGreaterThanOrEqual(3)
    const sent = new Set(server.received.map(r => r.headers.authorization))
    expect(sent.size).toBeGreaterThanOrEqual(3)
    expect(server.received[3].headers.authorization).not.toBe(server.received[2].headers.authorization)
    for (const token of tokens) expect(everythingShown(run)).not.toContain(token)
  })

  it('never sends the token to a status URL on another origin', async () => {
    issuer.lifetimeSeconds = 300
    const other = await serve(() => ({ status: 200, body: {} }))
    const server = await serve(() => ({ status: 202, headers: { Location: `${other.url}/status` } }))
    const run = await runStep(
      {
        url: server.url,
        'oidc-audience': 'deploy',
        'wait-for-completion': 'true',
        'status-url-resolution': 'location-header',
        'status-headers': 'always'
      },
      { env: issuer.env }
    )
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.received[0].headers.authorization).toMatch(/^Bearer /)
    expect(other.received[0].headers.authorization).toBeUndefined()
  })

  it('sends the token on polls to the webhook origin even with status-headers: never', async () => {
    issuer.lifetimeSeconds = 300
    const before = issuer.issued.length
    const server = await serve(request => (request.method === 'POST' ? { status: 202 } : { status: 200, body: {} }))
    const run = await runStep(
      {
        url: server.url,
        headers: 'X-Team: blue',
        'oidc-audience': 'deploy',
        'wait-for-completion': 'true',
        'poll-interval': '20ms',
        'status-headers': 'never'
      },
      { env: issuer.env }
    )
    expect(run.outputs.status).toBe('SUCCEEDED')
    const [call, poll] = server.received
    expect(poll.method).toBe('GET')
    expect(poll.headers['x-team']).toBeUndefined()
    expect(poll.headers.authorization).toBe(`Bearer ${issuer.issued[before].token}`)
    expect(call.headers.authorization).toBe(poll.headers.authorization)
  })

  it.each([
    ['without the runner OIDC variables', {}, {}, /permissions: id-token: write/],
    ['with an Authorization header', { headers: 'Authorization: Bearer x-123456' }, 'issuer', /Authorization header/]
  ])('is one input error %s', async (_, inputs, env, message) => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep(
      { url: server.url, 'oidc-audience': 'deploy', ...inputs },
      { env: env === 'issuer' ? issuer.env : { ACTIONS_ID_TOKEN_REQUEST_URL: undefined } }
    )
    expect(errorLines(run)).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(/^::error::Input 'oidc-audience'/)
    expect(errorLines(run)[0]).toMatch(message)
    expect(server.received).toHaveLength(0)
  })

  it('is not waited for once the runner cancels: a token service that never answers holds up no one', async () => {
    const stalled = await serve(() => new Promise<void>(() => {}))
    const server = await serve(() => ({ status: 200 }))
    const step = startStep(
      { url: server.url, 'oidc-audience': 'deploy' },
      {
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: `${stalled.url}/idtoken?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token'
        }
      }
    )
    await step.waitFor(/^POST /m)
    while (stalled.received.length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    step.child.kill('SIGINT')
    const run = await step.finished
    expect(run.outputs.status).toBe('CANCELED')
    expect(run.stdout).not.toMatch(/internal error/)
    expect(run.ms).toBeLessThan(10_000)
    expect(server.received).toEqual([])
  })
})

describe('signed requests', () => {
  const SECRET = "It's a Secret to Everybody"

  it('github: X-Hub-Signature-256 over exactly the bytes sent', async () => {
    const server = await serve(() => ({ status: 200 }))
    const payload = '{"zen": "Keep it logically awesome.", "é": 1}'
    const run = await runStep({ url: server.url, payload, 'signing-secret': SECRET })
    expect(run.outputs.status).toBe('SUCCEEDED')
    const { body, headers } = server.received[0]
    const expected = `sha256=${createHmac('sha256', SECRET).update(Buffer.from(body)).digest('hex')}`
    expect(headers['x-hub-signature-256']).toBe(expected)
    expect(everythingShown(run)).not.toContain(SECRET)
  })

  it('standard-webhooks: webhook-id, webhook-timestamp, webhook-signature; signed afresh on a retry, same id', async () => {
    const key = Buffer.from('a-standard-webhooks-key-0123456789')
    const secret = `whsec_${key.toString('base64')}`
    const server = await serve((_request, _res, index) => ({ status: index === 0 ? 503 : 200 }))
    const run = await runStep({
      url: server.url,
      payload: '{"type": "deploy.requested"}',
      'signing-secret': secret,
      'signing-scheme': 'standard-webhooks',
      'retry-status-codes': '503'
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(server.received).toHaveLength(2)
    for (const { headers, body } of server.received) {
      const id = headers['webhook-id'] as string
      const timestamp = headers['webhook-timestamp'] as string
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60)
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
      expect(headers['webhook-signature']).toBe(`v1,${signature}`)
    }
    expect(server.received[1].headers['webhook-id']).toBe(server.received[0].headers['webhook-id'])
    expect(everythingShown(run)).not.toContain(key.toString('base64'))
  })

  it.each([
    [
      'signing-scheme',
      { 'signing-scheme': 'sha1' },
      /^::error::Input 'signing-scheme' must be github or standard-webhooks/
    ],
    [
      'signing-secret',
      { 'signing-scheme': 'standard-webhooks', 'signing-secret': 'whsec_not*base64!' },
      /^::error::Input 'signing-secret' is not usable: .*base64/
    ]
  ])('a bad %s is one input error that never echoes the secret', async (_, inputs, message) => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, 'signing-secret': 'plain-secret-1', ...inputs })
    expect(errorLines(run)).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(message)
    expect(visibleLog(run)).not.toContain('not*base64!')
    expect(server.received).toHaveLength(0)
  })
})

describe('secret-json-paths', () => {
  it('masks a token the API hands back, while the job id keeps flowing', async () => {
    const server = await serve(request =>
      request.method === 'POST'
        ? { status: 202, body: { id: 'job-31', access: { token: 'handed-back-7f3a9c' } } }
        : { status: 200, body: { state: 'done', id: 'job-31', session: 'poll-session-5521' } }
    )
    const run = await runStep({
      url: server.url,
      'wait-for-completion': 'true',
      'status-json-path': '$.state',
      'success-statuses': 'done',
      'secret-json-paths': '$.access.token\n$.session',
      outputs: 'job: $.id\nsession: $.session'
    })
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(run.outputs.job).toBe('job-31')
    expect(run.outputs.session).toBe('***')
    expect(JSON.parse(run.outputs.response)).toEqual({ id: 'job-31', access: { token: '***' } })
    expect(run.lines).toContain('::add-mask::handed-back-7f3a9c')
    const shown = everythingShown(run)
    expect(shown).not.toContain('handed-back-7f3a9c')
    expect(shown).not.toContain('poll-session-5521')
  })
})

describe('bad TLS input', () => {
  // One case through the action; unit/tls.test.ts has the table of TLS inputs readConfig refuses.
  it.each([
    [
      'a wrong passphrase',
      () => ({
        'client-certificate': pki.client.cert.path,
        'client-key': pki.client.encryptedKey.path,
        'client-key-passphrase': 'not-the-passphrase'
      }),
      /'client-key-passphrase'/
    ]
  ])('%s is one input error, before any request', async (_, inputs, message) => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, ...inputs() })
    expect(errorLines(run)).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(message)
    expect(visibleLog(run)).not.toContain('not-the-passphrase')
    expect(server.received).toHaveLength(0)
  })
})
