import { describe, it, expect } from 'vitest'
import { MASK, Secrets, defuse, isCredentialHeader, isSecretQueryName } from '../../src/redact.js'

/** A Secrets whose registrations (`::add-mask::`) are recorded. */
function secrets(): { secrets: Secrets; registered: string[] } {
  const registered: string[] = []
  return { secrets: new Secrets(value => registered.push(value)), registered }
}

describe('isCredentialHeader', () => {
  it.each([
    'Authorization',
    'authorization',
    'AUTHORIZATION',
    'Proxy-Authorization',
    'proxy-authorization',
    'Cookie',
    'cookie',
    'X-Auth-Token',
    'Token',
    'X-API-KEY',
    'Api-Key',
    'x-api-key',
    'X-Client-Secret',
    'SECRET',
    'X-Auth',
    'X-Hub-Signature',
    'X-Hub-Signature-256',
    'X-Password',
    'X-Session-Id',
    'Session',
    'X-Credential',
    'X-Amz-Credentials'
  ])('%s is a credential header', name => {
    expect(isCredentialHeader(name)).toBe(true)
  })

  it.each([
    'Content-Type',
    'Accept',
    'User-Agent',
    'X-Request-Id',
    'X-GitHub-Event',
    'Content-Length',
    'If-Match',
    'X-Trace'
  ])('%s is an ordinary header', name => {
    expect(isCredentialHeader(name)).toBe(false)
  })
})

describe('isSecretQueryName', () => {
  it.each([
    'token',
    'access_token',
    'key',
    'api_key',
    'apiKey',
    'secret',
    'client_secret',
    'signature',
    'password',
    'auth',
    'sig',
    'code',
    'X-Amz-Signature',
    'TOKEN'
  ])('%s is secret', name => {
    expect(isSecretQueryName(name)).toBe(true)
  })

  it.each(['page', 'id', 'name', 'format', 'limit', 'q'])('%s is not secret', name => {
    expect(isSecretQueryName(name)).toBe(false)
  })
})

describe('Secrets', () => {
  it('redacts nothing while it knows no secret', () => {
    const { secrets: s } = secrets()
    expect(s.redact('nothing to hide here')).toBe('nothing to hide here')
    expect(s.redact('')).toBe('')
  })

  it('registers each value once via the callback', () => {
    const { secrets: s, registered } = secrets()
    s.add('s3cr3t-value')
    s.add('s3cr3t-value')
    s.add('other-secret')
    s.add('s3cr3t-value')
    expect(registered).toEqual(['s3cr3t-value', 'other-secret'])
  })

  it('ignores an empty value', () => {
    const { secrets: s, registered } = secrets()
    s.add('')
    expect(registered).toEqual([])
    expect(s.redact('some text')).toBe('some text')
  })

  it.each([
    ['line-one\nline-two', ['line-one', 'line-two']],
    ['line-one\r\nline-two\r\nline-three', ['line-one', 'line-two', 'line-three']],
    ['first\n\nsecond\n', ['first', 'second']]
  ])('registers a multi-line value %j line by line, never as one', (value, lines) => {
    const { secrets: s, registered } = secrets()
    s.add(value)
    expect(registered).toEqual(lines)
    for (const line of registered) expect(line).not.toMatch(/[\r\n]/)
  })

  it('redacts each line of a multi-line value wherever it appears', () => {
    const { secrets: s } = secrets()
    s.add('-----BEGIN KEY-----\nMIIBOgIBAAJBAK\n-----END KEY-----')
    const text = s.redact('key: MIIBOgIBAAJBAK and {"k":"-----BEGIN KEY-----\\nMIIBOgIBAAJBAK\\n-----END KEY-----"}')
    expect(text).not.toContain('MIIBOgIBAAJBAK')
    expect(text).not.toContain('BEGIN KEY')
  })

  it.each([
    ['raw', 'tok-123/abc', 'echo tok-123/abc end'],
    ['repeated', 'tok-123/abc', 'tok-123/abc and again tok-123/abc'],
    ['inside a word', 'tok-123', 'xxtok-123yy'],
    ['JSON-escaped quotes', 'pa"ss', '{"echo":"pa\\"ss"}'],
    ['JSON-escaped backslash', 'pa\\ss', '{"echo":"pa\\\\ss"}'],
    ['JSON-escaped tab', 'pa\tss', '{"echo":"pa\\tss"}'],
    ['URL-encoded', 'x y&z=1', 'https://h/?q=x%20y%26z%3D1'],
    ['URL-encoded unicode', 'pässwörd', 'https://h/?q=p%C3%A4ssw%C3%B6rd'],
    ['with regex characters', 'a.b*c+(d)[e]$^|?', 'value a.b*c+(d)[e]$^|? end']
  ])('redacts every spelling: %s', (_, secret, text) => {
    const { secrets: s } = secrets()
    s.add(secret)
    const redacted = s.redact(text)
    expect(redacted).toContain(MASK)
    expect(redacted).not.toContain(secret)
    expect(redacted).not.toContain(JSON.stringify(secret).slice(1, -1))
    expect(redacted).not.toContain(encodeURIComponent(secret))
  })

  it('leaves the text around a secret as it was', () => {
    const { secrets: s } = secrets()
    s.add('hunter22')
    expect(s.redact('before hunter22 after')).toBe('before *** after')
    expect(s.redact('{"token":"hunter22","ok":true}')).toBe('{"token":"***","ok":true}')
  })

  it('a regex-special secret does not match other text', () => {
    const { secrets: s } = secrets()
    s.add('a.cd')
    expect(s.redact('abcd a.cd')).toBe('abcd ***')
  })

  describe('addHeaderValue', () => {
    it('masks the whole value and the token after Bearer', () => {
      const { secrets: s, registered } = secrets()
      s.addHeaderValue('Authorization', 'Bearer eyJhbGciOi.payload.sig')
      expect(registered).toContain('Bearer eyJhbGciOi.payload.sig')
      expect(registered).toContain('eyJhbGciOi.payload.sig')
      expect(s.redact('Authorization: Bearer eyJhbGciOi.payload.sig')).toBe('Authorization: ***')
      expect(s.redact('{"token":"eyJhbGciOi.payload.sig"}')).toBe('{"token":"***"}')
    })

    it("masks Basic's decoded user:password, and each part", () => {
      const { secrets: s, registered } = secrets()
      const encoded = Buffer.from('alice:s3cr3t!').toString('base64')
      s.addHeaderValue('Authorization', `Basic ${encoded}`)
      expect(registered).toEqual(expect.arrayContaining([`Basic ${encoded}`, encoded, 'alice:s3cr3t!', 's3cr3t!']))
      expect(s.redact(`Basic ${encoded}`)).toBe('***')
      expect(s.redact(encoded)).toBe('***')
      expect(s.redact('user alice:s3cr3t! logged in')).toBe('user *** logged in')
      expect(s.redact('{"password":"s3cr3t!"}')).toBe('{"password":"***"}')
    })

    it('masks a plain API key', () => {
      const { secrets: s, registered } = secrets()
      s.addHeaderValue('Authorization', 'k-0123456789abcdef')
      expect(registered).toEqual(['k-0123456789abcdef'])
      expect(s.redact('{"key":"k-0123456789abcdef"}')).toBe('{"key":"***"}')
    })

    it('masks each cookie value', () => {
      const { secrets: s } = secrets()
      s.addHeaderValue('Cookie', 'session=abcd1234efgh; csrf=zyxw9876')
      const redacted = s.redact('{"session":"abcd1234efgh","csrf":"zyxw9876"}')
      expect(redacted).not.toContain('abcd1234efgh')
      expect(redacted).not.toContain('zyxw9876')
    })
  })

  describe('addUrl', () => {
    it('masks user info: user:password, the user and the password', () => {
      const { secrets: s } = secrets()
      s.addUrl(new URL('https://deployer:p4ssw0rd@ci.example.com/hook'))
      expect(s.redact('deployer:p4ssw0rd')).toBe('***')
      expect(s.redact('password p4ssw0rd')).toBe('password ***')
      expect(s.redact('user deployer')).toBe('user ***')
    })

    it('masks a percent-encoded password in both spellings', () => {
      const { secrets: s } = secrets()
      s.addUrl(new URL('https://deployer:p%40ssw0rd@ci.example.com/hook'))
      expect(s.redact('p@ssw0rd')).toBe('***')
      expect(s.redact('p%40ssw0rd')).toBe('***')
    })

    it.each([
      ['token', 'T0K3N-value'],
      ['access_token', 'T0K3N-value'],
      ['key', 'K3Y-value'],
      ['api_key', 'K3Y-value'],
      ['secret', 'S3CR3T-value'],
      ['signature', 'S1GN-value'],
      ['X-Amz-Signature', 'S1GN-value'],
      ['password', 'PW-value'],
      ['auth', 'AUTH-value'],
      ['sig', 'SIG-value'],
      ['code', 'C0D3-value']
    ])('masks the value of the secret query parameter %s', (name, value) => {
      const { secrets: s, registered } = secrets()
      s.addUrl(new URL(`https://api.example.com/x?page=2&${name}=${value}`))
      expect(registered).toContain(value)
      expect(s.redact(`echo ${value}`)).toBe('echo ***')
    })

    it.each([
      ['page', 'visible-page'],
      ['id', 'visible-id'],
      ['format', 'visible-json']
    ])('does not mask the value of the ordinary query parameter %s', (name, value) => {
      const { secrets: s, registered } = secrets()
      s.addUrl(new URL(`https://api.example.com/x?${name}=${value}`))
      expect(registered).toEqual([])
      expect(s.redact(`echo ${value}`)).toBe(`echo ${value}`)
    })

    it('masks nothing for a URL with neither user info nor secret query', () => {
      const { secrets: s, registered } = secrets()
      s.addUrl(new URL('https://api.example.com/jobs/42?page=3'))
      expect(registered).toEqual([])
    })
  })

  describe('showUrl', () => {
    it('drops user info', () => {
      const { secrets: s } = secrets()
      const url = new URL('https://deployer:p4ssw0rd@ci.example.com/hook')
      s.addUrl(url)
      const shown = s.showUrl(url)
      expect(shown).toBe('https://ci.example.com/hook')
      expect(shown).not.toContain('deployer')
      expect(shown).not.toContain('p4ssw0rd')
    })

    it('shows *** for secret query values and keeps the others', () => {
      const { secrets: s } = secrets()
      const shown = s.showUrl('https://api.example.com/x?token=abc123xyz&page=2&sig=qqqq&name=visible')
      expect(shown).toBe('https://api.example.com/x?token=***&page=2&sig=***&name=visible')
    })

    it('masks a secret query value even when Secrets did not register it', () => {
      const { secrets: s } = secrets()
      expect(s.showUrl(new URL('https://u:p@h.example/x?API_KEY=zzz'))).toBe('https://h.example/x?API_KEY=***')
    })

    it('accepts a string or a URL alike', () => {
      const { secrets: s } = secrets()
      const text = 'https://user:pw@h.example/a?token=t0k3n'
      expect(s.showUrl(text)).toBe(s.showUrl(new URL(text)))
    })

    it('redacts known secrets elsewhere in the URL', () => {
      const { secrets: s } = secrets()
      s.add('tenant-secret-42')
      expect(s.showUrl('https://h.example/tenants/tenant-secret-42/jobs')).toBe('https://h.example/tenants/***/jobs')
    })
  })
})

describe('defuse', () => {
  const startsCommand = (line: string): boolean => line.trimStart().startsWith('::')

  it.each([
    ['a\nb', 'a b'],
    ['a\r\nb', 'a b'],
    ['a\rb', 'a b'],
    ['a\tb', 'a b'],
    ['  padded  ', 'padded'],
    ['\n\nlines\n\n', 'lines'],
    ['bell\u0007', 'bell'],
    ['plain text', 'plain text']
  ])('makes %j one line: %j', (text, line) => {
    expect(defuse(text)).toBe(line)
  })

  it.each([
    '::error::pwned',
    '::set-output name=x::y',
    '::add-mask::x',
    '::stop-commands::token',
    'ok\n::error::pwned',
    '  ::warning::x',
    '\n::debug::x',
    ':::error::x'
  ])('%j cannot start a workflow command', text => {
    const line = defuse(text)
    expect(line).not.toMatch(/[\r\n]/)
    expect(startsCommand(line)).toBe(false)
  })

  it.each(['::error::pwned', 'a::b', 'x ::set-output name=a::b', 'ok\n::error::pwned'])(
    'breaks every `::` in %j',
    text => {
      expect(defuse(text)).not.toContain('::')
    }
  )

  it.each(['##[error]pwned', 'text ##[set-output name=x;]y', 'a\n##[warning]b', '###[x]'])(
    'breaks `##[` in %j',
    text => {
      expect(defuse(text)).not.toContain('##[')
    }
  )

  it('keeps the visible text, with markers broken by an invisible character', () => {
    expect(defuse('::error::x').replaceAll('\u200b', '')).toBe('::error::x')
  })

  it('cuts text longer than 8 KB, saying how much it left out', () => {
    const line = defuse('x'.repeat(1_200_000))
    expect(line.length).toBeLessThan(8_300)
    expect(line).toMatch(/^x{8192}… \(1191808 more characters cut\)$/)
    expect(defuse('x'.repeat(8192))).toBe('x'.repeat(8192))
  })

  it('cuts at a given length', () => {
    expect(defuse('abcdefghij', 5)).toBe('abcde… (5 more characters cut)')
    expect(defuse('abcde', 5)).toBe('abcde')
  })

  it('leaves short text whole', () => {
    const text = 'y'.repeat(300)
    expect(defuse(text)).toBe(text)
  })
})

describe('Secrets, as bodies echo them', () => {
  it('are masked when JSON escapes their slashes or percent-encoding uses lower case', () => {
    const { secrets: s } = secrets()
    s.add('abc/DEF+ghi=')
    expect(s.redact('{"t":"abc\\/DEF+ghi="}')).toBe('{"t":"***"}')
    expect(s.redact('t=abc%2fDEF%2bghi%3d')).toBe('t=***')
    expect(s.redact('t=abc%2FDEF%2Bghi%3D')).toBe('t=***')
  })

  it(`are not masked below ${4} characters, which no credential is and which would garble every line`, () => {
    const { secrets: s, registered } = secrets()
    s.addUrl(new URL('https://u:pw@host.example/status?country_code=us&token=tk-12345'))
    expect(registered).toEqual(['u:pw', 'tk-12345'])
    expect(s.redact('business as usual, status 2')).toBe('business as usual, status 2')
  })

  it('showUrl keeps the other query values as written', () => {
    const { secrets: s } = secrets()
    expect(s.showUrl('https://host.example/a?x=1%202&sig=abcdef&y=a+b')).toBe(
      'https://host.example/a?x=1%202&sig=***&y=a+b'
    )
  })
})

describe('defuse, on runs of colons', () => {
  it('leaves no `::` at all', () => {
    expect(defuse(':::warning:::x')).not.toContain('::')
  })
})

describe('Secrets, in every spelling a server may echo them in', () => {
  const TOKEN = 'tk/Pq+9Zr7Ws2Lm'
  const masked = (text: string): string => {
    const s = new Secrets()
    s.addHeaderValue('Authorization', `Bearer ${TOKEN}`)
    return s.redact(text)
  }

  it.each([
    ['as sent', TOKEN],
    ['percent-encoding one character', 'tk/Pq%2B9Zr7Ws2Lm'],
    ['percent-encoding another', 'tk%2FPq+9Zr7Ws2Lm'],
    ['percent-encoding all, lower-case hex', 'tk%2fPq%2b9Zr7Ws2Lm'],
    ['percent-encoding letters too', '%74%6B%2FPq%2B9Zr7Ws2Lm'],
    ['JSON-escaping the slash', 'tk\\/Pq+9Zr7Ws2Lm'],
    ['JSON \\u escapes in either case', 'tk\\u002fPq\\u002B9Zr7Ws2Lm'],
    ['wrapped over two lines', 'tk/Pq+9Z\nr7Ws2Lm'],
    ['wrapped with CRLF and indentation', 'tk/Pq+9Z\r\n    r7Ws2Lm'],
    ['wrapped inside a JSON string', 'tk/Pq+9Z\\nr7Ws2Lm'],
    ['percent-encoded and wrapped', 'tk%2FPq%2B9Z\nr7Ws2Lm']
  ])('%s', (_, spelling) => {
    expect(masked(`before ${spelling} after`)).toBe('before *** after')
  })

  it('leaves other text alone', () => {
    expect(masked('tk/Pq+9Zr7Ws2Lx tk/Pq 9Zr7Ws2Lm')).toBe('tk/Pq+9Zr7Ws2Lx tk/Pq 9Zr7Ws2Lm')
  })

  it('splits only a Cookie into its name=value pieces, not a token with = in it', () => {
    const registered: string[] = []
    const s = new Secrets(value => registered.push(value))
    s.addHeaderValue('Authorization', 'Bearer tok+Ab/Cd=Ef9Zq')
    expect(registered).toEqual(['Bearer tok+Ab/Cd=Ef9Zq', 'tok+Ab/Cd=Ef9Zq'])
    expect(s.redact('Ef9Zq')).toBe('Ef9Zq')
    s.addHeaderValue('Cookie', 'session=abcd1234efgh; csrf=zyxw9876')
    expect(registered).toEqual(expect.arrayContaining(['session=abcd1234efgh', 'abcd1234efgh', 'zyxw9876']))
  })

  it('masks JSON inside its decoded strings, so the result is still the same JSON', () => {
    const s = new Secrets()
    s.addHeaderValue('Authorization', `Bearer ${TOKEN}`)
    const body = JSON.parse(`{"path":"C:\\\\u0041dir","echo":"tk\\u002FPq+9Zr7Ws2Lm","n":[1,"${TOKEN}"]}`)
    const redacted = s.redactJson(body)
    expect(JSON.parse(JSON.stringify(redacted))).toEqual({ path: 'C:\\u0041dir', echo: '***', n: [1, '***'] })
  })

  it('masks a key of a JSON object, and a number that is a secret', () => {
    const s = new Secrets()
    s.add('98765432')
    expect(JSON.stringify(s.redactJson({ '98765432': 98765432, other: 12 }))).toBe('{"***":"***","other":12}')
  })

  it('keeps the order of names and items, and walks JSON nested deeper than the call stack goes', () => {
    const s = new Secrets()
    s.add('secret-value-1')
    const ordered = { b: 1, a: ['x', 'secret-value-1', { d: null, c: true }], c: 'y' }
    expect(JSON.stringify(s.redactJson(ordered))).toBe('{"b":1,"a":["x","***",{"d":null,"c":true}],"c":"y"}')
    let deep: unknown = 'secret-value-1'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    let inner = s.redactJson(deep)
    for (let i = 0; i < 100_000; i++) inner = (inner as unknown[])[0]
    expect(inner).toBe('***')
  })

  it('keeps a header named __proto__ as data when redacting', () => {
    const s = new Secrets()
    s.add('secret-value-1')
    const value = JSON.parse('{"__proto__":{"x":"secret-value-1"}}')
    expect(JSON.stringify(s.redactJson(value))).toBe('{"__proto__":{"x":"***"}}')
  })
})
