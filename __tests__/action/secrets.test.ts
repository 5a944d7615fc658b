// Secrets never reach the log, the summary, the outputs or the files; header values are never
// printed; text from the network cannot issue workflow commands.

import { describe, expect, it } from 'vitest'
import { everythingShown, runStep, visibleLog } from '../support/action.js'
import type { Handler } from '../support/server.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

/** A server that echoes what it was sent, as a careless API might. */
const echo: Handler = request => ({
  status: 200,
  body: { headers: request.headers, url: request.url, body: request.body }
})

describe('secrets', () => {
  it('credential headers are masked everywhere, even when the body echoes them', async () => {
    const server = await serve(echo)
    const run = await runStep({
      url: `${server.url}/hook`,
      headers: [
        'Authorization: Bearer tok-0123456789',
        'X-Api-Key: key-abcdefghij',
        'Cookie: session=cookie-value-42',
        'X-Team: platform-blue'
      ].join('\n'),
      outputs: 'auth: $.headers.authorization'
    })
    expect(run.code).toBe(0)
    const shown = everythingShown(run)
    for (const secret of ['tok-0123456789', 'key-abcdefghij', 'cookie-value-42']) expect(shown).not.toContain(secret)
    expect(run.outputs.auth).toBe('***')
    expect(run.lines).toContain('::add-mask::Bearer tok-0123456789')
    expect(run.lines).toContain('::add-mask::tok-0123456789')
    expect(run.lines).toContain('::add-mask::key-abcdefghij')
  })

  it('ordinary header values are neither printed nor masked', async () => {
    const server = await serve(() => ({ status: 200 }))
    const run = await runStep({ url: server.url, headers: 'X-Team: platform-blue\nAccept: application/json' })
    expect(visibleLog(run) + run.summary).not.toContain('platform-blue')
    expect(visibleLog(run)).toContain('headers: X-Team, Accept')
    expect(run.lines.filter(line => line.startsWith('::add-mask::'))).toEqual([])
  })

  it('URL user info is sent as Basic authentication and never shown', async () => {
    const server = await serve(echo)
    const run = await runStep({ url: `http://deployer:p%40ss-word-9@127.0.0.1:${server.port}/hook`, method: 'GET' })
    expect(run.code).toBe(0)
    expect(server.received[0].headers.authorization).toBe(
      `Basic ${Buffer.from('deployer:p@ss-word-9').toString('base64')}`
    )
    const shown = everythingShown(run)
    expect(shown).not.toContain('p@ss-word-9')
    expect(shown).not.toContain('p%40ss-word-9')
    expect(shown).not.toContain(Buffer.from('deployer:p@ss-word-9').toString('base64'))
    expect(visibleLog(run)).toContain(`GET http://127.0.0.1:${server.port}/hook`)
  })

  it('URL user info goes as Basic authentication to a cancel endpoint on the same origin too', async () => {
    const server = await serve(request =>
      request.method === 'GET' ? { status: 200, body: { status: 'RUNNING' } } : { status: 202 }
    )
    const run = await runStep({
      url: `http://deployer:p%40ss-word-9@127.0.0.1:${server.port}/jobs`,
      'wait-for-completion': 'true',
      'poll-interval': '20ms',
      'status-json-path': '$.status',
      'success-statuses': 'SUCCEEDED',
      timeout: '100ms',
      'cancel-endpoint': `http://127.0.0.1:${server.port}/cancel`
    })
    expect(run.outputs.status).toBe('TERMINAL')
    const [cancel] = server.to('/cancel')
    expect(cancel.method).toBe('POST')
    expect(cancel.headers.authorization).toBe(`Basic ${Buffer.from('deployer:p@ss-word-9').toString('base64')}`)
  })

  it('secret query values are masked, other query values are not', async () => {
    const server = await serve(echo)
    const run = await runStep({ url: `${server.url}/hook?token=qt-7777777&sig=sg-8888888&branch=main` })
    expect(run.code).toBe(0)
    expect(server.received[0].url).toBe('/hook?token=qt-7777777&sig=sg-8888888&branch=main')
    const shown = everythingShown(run)
    expect(shown).not.toContain('qt-7777777')
    expect(shown).not.toContain('sg-8888888')
    expect(visibleLog(run)).toContain('/hook?token=***&sig=***&branch=main')
  })

  it('secrets in an error body stay masked in the error line and output', async () => {
    const server = await serve(() => ({ status: 403, body: 'token tok-0123456789 is not allowed' }))
    const run = await runStep({ url: server.url, headers: 'Authorization: Bearer tok-0123456789' })
    expect(run.code).toBe(1)
    expect(run.outputs.error).toContain('token *** is not allowed')
    expect(everythingShown(run)).not.toContain('tok-0123456789')
  })
})

describe('secrets in odd places', () => {
  it('are masked in a long reason phrase before it could be cut', async () => {
    const token = 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd'
    const server = await serve((_request, res) => {
      res.writeHead(401, `Unauthorized: the token ${token} has expired, please renew it soon`)
      res.end()
    })
    const run = await runStep({ url: server.url, headers: `Authorization: Bearer ${token}` })
    expect(run.outputs.error).toBe(
      'the webhook answered 401 Unauthorized: the token *** has expired, please renew it soon'
    )
    expect(everythingShown(run)).not.toContain('ghp_ABCDEFGHIJKLMNOP')
  })

  it('are masked when a JSON body writes them with \\u escapes', async () => {
    const server = await serve(() => ({ status: 200, body: '{"echo": "k\\u002Bey/9x\\u002BZ"}' }))
    const run = await runStep({ url: server.url, headers: 'X-Api-Key: k+ey/9x+Z' })
    expect(JSON.parse(run.outputs.response)).toEqual({ echo: '***' })
    expect(everythingShown(run)).not.toMatch(/9x(\\u002B|\+)Z/)
  })

  it('of a status URL the server chose are masked where it is shown, not in every body', async () => {
    const server = await serve(request =>
      request.method === 'POST'
        ? { status: 202, headers: { Location: '/ops/status?op_key=job-20261127-0042' } }
        : { status: 200, body: { id: 'job-20261127-0042', state: 'done' } }
    )
    const run = await runStep({
      url: server.url,
      'wait-for-completion': 'true',
      'status-url-resolution': 'location-header',
      'status-json-path': '$.state',
      'success-statuses': 'done',
      outputs: 'job-id: $.id'
    })
    expect(run.outputs['job-id']).toBe('job-20261127-0042')
    expect(run.outputs['status-url']).toBe(`${server.url}/ops/status?op_key=***`)
    expect(visibleLog(run)).toContain('/ops/status?op_key=***')
    expect(run.lines.filter(line => line.startsWith('::add-mask::'))).toEqual([])
  })
})

describe('text from the network', () => {
  it('cannot issue workflow commands', async () => {
    const body = 'bad request\n::warning::pwned\n##[error]pwned\n::set-output name=status::SUCCEEDED'
    const server = await serve(() => ({ status: 400, reason: 'x', body }))
    const run = await runStep({ url: server.url })
    expect(run.code).toBe(1)
    const commands = run.lines.filter(line => /^::|##\[/.test(line))
    expect(commands).toHaveLength(1)
    expect(commands[0]).toMatch(
      /^::error title=Webhook TERMINAL::TERMINAL: the webhook answered 400 Bad Request: bad request :\u200b:warning/
    )
    expect(run.stdout).not.toContain('##[error]')
    expect(run.outputs.status).toBe('TERMINAL')
  })

  it('cannot add links or images to the summary', async () => {
    const server = await serve(() => ({
      status: 400,
      body: '![x](https://evil.example/x.png) <img src=x> [click](https://evil.example)'
    }))
    const run = await runStep({ url: server.url })
    // The build info's fenced block shows the body as it is; everything outside it is escaped.
    const [outside, fenced] = run.summary.split('```text')
    expect(fenced).toContain('![x](https://evil.example/x.png)')
    expect(outside).toContain('\\!\\[x\\]\\(https://evil.example/x.png\\)')
    expect(outside).not.toMatch(/[^\\][![]x\]/)
    expect(outside).not.toMatch(/[^\\]<img/)
    expect(outside).not.toMatch(/[^\\]\[click\]/)
  })
})
