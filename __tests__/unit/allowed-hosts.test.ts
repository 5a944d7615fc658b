import { describe, expect, it } from 'vitest'
import { isAllowedHost, parseAllowedHost, AllowedHostsSyntaxError } from '../../src/http/allowed-hosts.js'

const allows = (entries: string[], url: string): boolean => isAllowedHost(new URL(url), entries.map(parseAllowedHost))

describe('allowed-hosts: names', () => {
  it.each([
    [['api.github.com'], 'https://api.github.com/repos', true],
    [['API.GitHub.com'], 'https://api.github.com/', true],
    [['api.github.com'], 'https://API.GITHUB.COM/', true],
    [['api.github.com.'], 'https://api.github.com/', true],
    [['api.github.com'], 'https://api.github.com./', true],
    [['api.github.com'], 'https://github.com/', false],
    [['api.github.com'], 'https://api.github.com.evil.test/', false],
    [['api.github.com'], 'https://evilapi.github.com/', false],
    [['github.com'], 'https://api.github.com/', false]
  ])('%j allows %s: %s', (entries, url, allowed) => {
    expect(allows(entries, url)).toBe(allowed)
  })

  it('never resolves a name: localhost is not 127.0.0.1, nor the other way round', () => {
    expect(allows(['localhost'], 'http://127.0.0.1/')).toBe(false)
    expect(allows(['127.0.0.1'], 'http://localhost/')).toBe(false)
  })
})

describe('allowed-hosts: *. wildcards', () => {
  it.each([
    ['https://api.example.com/', true],
    ['https://a.b.c.example.com/', true],
    ['https://API.Example.COM/', true],
    ['https://example.com/', false],
    ['https://badexample.com/', false],
    ['https://example.com.evil.test/', false]
  ])('*.example.com allows %s: %s', (url, allowed) => {
    expect(allows(['*.example.com'], url)).toBe(allowed)
  })
})

describe('allowed-hosts: IP literals', () => {
  it('compares addresses in their canonical form', () => {
    expect(allows(['127.0.0.1'], 'http://127.1/')).toBe(true)
    expect(allows(['127.0.0.1'], 'http://0x7f.0.0.1/')).toBe(true)
    expect(allows(['127.0.0.1'], 'http://2130706433/')).toBe(true)
    expect(allows(['127.0.0.1'], 'http://127.0.0.2/')).toBe(false)
    expect(allows(['[::1]'], 'http://[0:0:0:0:0:0:0:1]/')).toBe(true)
    expect(allows(['[0:0::1]:8443'], 'https://[::1]:8443/')).toBe(true)
    expect(allows(['[2001:DB8::1]'], 'https://[2001:db8:0::1]/')).toBe(true)
    expect(allows(['[::1]'], 'http://127.0.0.1/')).toBe(false)
  })
})

describe('allowed-hosts: ports', () => {
  it.each([
    [['api.github.com'], 'https://api.github.com:8443/', true],
    [['api.github.com:443'], 'https://api.github.com/', true],
    [['api.github.com:443'], 'https://api.github.com:443/', true],
    [['api.github.com:443'], 'http://api.github.com/', false],
    [['api.github.com:80'], 'http://api.github.com/', true],
    [['api.github.com:443'], 'https://api.github.com:8443/', false],
    [['127.0.0.1:8080'], 'http://127.0.0.1:8080/', true],
    [['127.0.0.1:8080'], 'http://127.0.0.1:8081/', false],
    [['*.example.com:8443'], 'https://ci.example.com:8443/', true],
    [['*.example.com:8443'], 'https://ci.example.com/', false],
    [['a.test:1', 'b.test'], 'http://b.test:2/', true]
  ])('%j allows %s: %s', (entries, url, allowed) => {
    expect(allows(entries, url)).toBe(allowed)
  })
})

describe('allowed-hosts: entries that are not hosts', () => {
  it.each([
    ['*', /bare \*/],
    ['https://api.github.com', /has a scheme/],
    ['api.github.com/repos', /has a path/],
    ['api.github.com?x=1', /has a path/],
    ['::1', /IPv6 address in brackets/],
    ['*.127.0.0.1', /IP address/],
    ['api.*.com', /is not a host name/],
    ['*example.com', /is not a host name/],
    ['user@api.github.com', /is not a host name/],
    ['api.github.com:99999', /port out of range/],
    ['api.github.com:0', /port out of range/],
    ['api.github.com:', /is not a host name/],
    ['api github.com', /is not a host name/],
    [':443', /is not a host name/]
  ])('%s', (entry, message) => {
    expect(() => parseAllowedHost(entry)).toThrow(AllowedHostsSyntaxError)
    expect(() => parseAllowedHost(entry)).toThrow(message)
  })
})
