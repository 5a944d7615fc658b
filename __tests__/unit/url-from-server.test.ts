// A URL a server chose is built in one place (issue 15): status URLs, moved status URLs,
// redirects and filled-in cancel endpoints all get the same rules.

import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { send, type HttpRequest } from '../../src/http/exchange.js'
import { fillTemplate, parseTemplate } from '../../src/jsonpath/template.js'
import { Secrets } from '../../src/redact.js'
import { ServerUrlError, urlFromServer } from '../../src/url-from-server.js'

const base = new URL('https://ci.example.com/api/jobs/1')

describe('urlFromServer', () => {
  it('resolves a relative URL against the URL it came with', () => {
    expect(urlFromServer('../runs/7?x=1', base, new Secrets(), 'the status URL').href).toBe(
      'https://ci.example.com/api/runs/7?x=1'
    )
  })

  it('takes user info into the secrets and blanks it', () => {
    const secrets = new Secrets()
    const url = urlFromServer('https://svc:Pw-4417-xyz@status.example.com/s', base, secrets, 'the status URL')
    expect(url.href).toBe('https://status.example.com/s')
    expect(secrets.redact('login svc:Pw-4417-xyz, then Pw%2D4417-xyz')).toBe('login ***, then ***')
  })

  it.each([
    ['ftp://files.example.com/x', 'the status URL is a ftp: URL, not http or https'],
    ['javascript:alert(1)', 'the status URL is a javascript: URL, not http or https'],
    ['http://bad host/x', 'the status URL is not a URL'],
    ['http://[::1/x', 'the status URL is not a URL'],
    ['http://a%2Fb/x', 'the status URL is not a URL']
  ])('refuses %s', (written, message) => {
    expect(() => urlFromServer(written, base, new Secrets(), 'the status URL')).toThrow(new ServerUrlError(message))
  })

  it('takes the user info of a URL it refuses too', () => {
    const secrets = new Secrets()
    expect(() => urlFromServer('ftp://u:FtpPw-9931@files.example.com/', base, secrets, 'x')).toThrow(ServerUrlError)
    expect(secrets.redact('FtpPw-9931')).toBe('***')
  })
})

describe('a placeholder is data', () => {
  const template = (written: string) => {
    const parsed = parseTemplate(written)
    return { parsed, url: new URL(parsed.text) }
  }
  const fill = (written: string, document: unknown, secrets = new Secrets()) => {
    const { parsed, url } = template(written)
    return fillTemplate(parsed, url, { document }, secrets)
  }

  it.each(['.', '..'])('skips the call for %j, which would move it along the path', value => {
    expect(fill('https://ci.example.com/api/jobs/{$.id}/cancel', { id: value })).toEqual({
      skipped: `the placeholder {$.id} found '${value}', which would change the URL's path`
    })
  })

  it.each(['bad host', 'a/b', 'x@evil.example', ''])('skips the call when %j fills the host', value => {
    const filled = fill('https://{$.host}/cancel', { host: value })
    expect(filled).toHaveProperty('skipped')
    expect((filled as { skipped: string }).skipped).toMatch(/^the placeholder \{\$\.host\} fills the host with/)
  })

  it('fills a host that is a host name', () => {
    expect(fill('https://{$.region}.ci.example.com/cancel', { region: 'eu-1' })).toEqual({
      url: new URL('https://eu-1.ci.example.com/cancel')
    })
  })

  it('percent-encodes CR, LF, ?, # and / so that a value stays one path segment', () => {
    const filled = fill('https://ci.example.com/jobs/{$.id}/cancel', { id: 'a\r\nX-Evil: 1?q#f/..' }) as { url: URL }
    expect(filled.url.pathname).toBe('/jobs/a%0D%0AX-Evil%3A%201%3Fq%23f%2F../cancel')
    expect(filled.url.search).toBe('')
  })

  it('refuses a value whose matches are too large to search, with the reason', () => {
    let nested: object = { end: true }
    for (let i = 0; i < 60; i++) nested = { pad: 'p'.repeat(100_000), id: nested }
    const filled = fill('https://ci.example.com/jobs/{$..id}/cancel', nested)
    expect((filled as { skipped: string }).skipped).toMatch(/too large to search/)
  })
})

describe("a redirect's Location", () => {
  const servers: http.Server[] = []
  afterEach(() => Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve)))))

  it('goes through the same rule: its user info is taken into the secrets and never sent', async () => {
    const received: Array<string | undefined> = []
    const server = http.createServer((req, res) => {
      received.push(req.headers.authorization)
      if (req.url === '/start') {
        const { port } = server.address() as AddressInfo
        res.writeHead(302, { Location: `http://svc:RedirPw-5566@127.0.0.1:${port}/next` }).end()
      } else res.writeHead(200).end('done')
    })
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const secrets = new Secrets()
    const request: HttpRequest = {
      method: 'GET',
      url: new URL(`http://127.0.0.1:${port}/start`),
      headers: {},
      credentials: {},
      timeoutMs: 5000,
      maxResponseBytes: 1024,
      trustedHost: '127.0.0.1',
      secrets
    }
    const answer = await send(request)
    expect(answer.code).toBe(200)
    expect(answer.url.href).toBe(`http://127.0.0.1:${port}/next`)
    expect(received).toEqual([undefined, undefined])
    expect(secrets.redact('RedirPw-5566')).toBe('***')
  })

  it('is refused when it is not http(s), saying so', async () => {
    const server = http.createServer((_req, res) => res.writeHead(302, { Location: 'file:///etc/passwd' }).end())
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const request: HttpRequest = {
      method: 'GET',
      url: new URL(`http://127.0.0.1:${port}/`),
      headers: {},
      credentials: {},
      timeoutMs: 5000,
      maxResponseBytes: 1024,
      trustedHost: '127.0.0.1',
      secrets: new Secrets()
    }
    await expect(send(request)).rejects.toThrow('refused a redirect: its Location is a file: URL, not http or https')
  })
})
