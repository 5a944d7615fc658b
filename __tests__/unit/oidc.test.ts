import * as core from '@actions/core'
import { afterEach, describe, expect, it } from 'vitest'
import { OidcTokens, expiryOf, oidcAvailable } from '../../src/oidc.js'
import { mintJwt, startOidcIssuer } from '../support/oidc-issuer.js'

/** A token source over a counted fake fetch and a clock the test moves. */
/** lifetimeSeconds null: tokens without exp. */
function tokens(lifetimeSeconds: number | null = 300) {
  const clock = { now: 1_700_000_000_000 }
  const masked: string[] = []
  const fetched: string[] = []
  const fetch = async (audience: string): Promise<string> => {
    const claims = { aud: audience, jti: `t${fetched.length + 1}` }
    const exp = lifetimeSeconds === null ? {} : { exp: Math.floor(clock.now / 1000) + lifetimeSeconds }
    const token = mintJwt({ ...claims, ...exp })
    fetched.push(token)
    return token
  }
  const source = new OidcTokens(
    'https://deploy.example.com',
    fetch,
    token => masked.push(token),
    () => clock.now
  )
  return { source, clock, masked, fetched }
}

describe('OidcTokens', () => {
  it('fetches once for the audience and reuses the token while it is fresh', async () => {
    const { source, clock, masked, fetched } = tokens()
    const first = await source.current()
    expect(JSON.parse(Buffer.from(first.split('.')[1], 'base64url').toString()).aud).toBe('https://deploy.example.com')
    clock.now += 239_000
    expect(await source.current()).toBe(first)
    expect(fetched).toEqual([first])
    expect(masked).toEqual([first])
  })

  it('fetches afresh within 60 s of exp, and has each new token masked', async () => {
    const { source, clock, masked, fetched } = tokens()
    const first = await source.current()
    clock.now += 240_000 // exactly 60 s before exp
    const second = await source.current()
    expect(second).not.toBe(first)
    expect(fetched).toEqual([first, second])
    expect(masked).toEqual([first, second])
    clock.now += 1_000
    expect(await source.current()).toBe(second)
  })

  it('fetches afresh after invalidate (a 401), once', async () => {
    const { source, fetched } = tokens()
    const first = await source.current()
    source.invalidate()
    const second = await source.current()
    expect(second).not.toBe(first)
    expect(await source.current()).toBe(second)
    expect(fetched).toHaveLength(2)
  })

  it('keeps a token whose exp cannot be read until it is invalidated', async () => {
    const { source, clock, fetched } = tokens(null)
    const first = await source.current()
    clock.now += 24 * 3_600_000
    expect(await source.current()).toBe(first)
    source.invalidate()
    expect(await source.current()).not.toBe(first)
    expect(fetched).toHaveLength(2)
  })

  it('shares one fetch among concurrent callers', async () => {
    let calls = 0
    let release: (token: string) => void = () => {}
    const fetch = (): Promise<string> => {
      calls++
      return new Promise(resolve => (release = resolve))
    }
    const masked: string[] = []
    const source = new OidcTokens('aud', fetch, token => masked.push(token))
    const waiting = Promise.all([source.current(), source.current(), source.current()])
    await Promise.resolve()
    release(mintJwt({ exp: Math.floor(Date.now() / 1000) + 600 }))
    const [a, b, c] = await waiting
    expect(new Set([a, b, c]).size).toBe(1)
    expect(calls).toBe(1)
    expect(masked).toEqual([a])
  })

  it('passes a failed fetch to every waiting caller, and tries again on the next call', async () => {
    let calls = 0
    const fetch = async (): Promise<string> => {
      if (++calls === 1) throw new Error('Error message: Failed to get ID Token.')
      return mintJwt({ exp: Math.floor(Date.now() / 1000) + 600 })
    }
    const source = new OidcTokens('aud', fetch, () => {})
    const results = await Promise.allSettled([source.current(), source.current()])
    expect(results.map(result => result.status)).toEqual(['rejected', 'rejected'])
    expect(calls).toBe(1)
    await expect(source.current()).resolves.toMatch(/^ey/)
    expect(calls).toBe(2)
  })
})

describe('expiryOf', () => {
  it.each([
    ['a JWT with exp', mintJwt({ exp: 1_700_000_300 }), 1_700_000_300_000],
    ['a JWT without exp', mintJwt({ sub: 'x' }), undefined],
    ['a JWT whose exp is text', mintJwt({ exp: '1700000300' }), undefined],
    ['a JWT whose payload is not JSON', 'eyJhbGciOiJub25lIn0.bm90IGpzb24.c2ln', undefined],
    ['a JWT whose payload is null', `x.${Buffer.from('null').toString('base64url')}.y`, undefined],
    ['an opaque token', 'ghs_opaque', undefined]
  ])('reads %s', (_case, token, expected) => {
    expect(expiryOf(token)).toBe(expected)
  })
})

describe('oidcAvailable', () => {
  it('needs both of the runner’s variables', () => {
    expect(oidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/?a=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).toBe(
      true
    )
    expect(oidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/?a=1' })).toBe(false)
    expect(oidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).toBe(false)
    expect(oidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).toBe(false)
  })
})

describe('with @actions/core’s getIDToken and a fake issuer', () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('gets a token for the audience, and a new one after invalidate', async () => {
    const issuer = await startOidcIssuer(600)
    try {
      Object.assign(process.env, issuer.env)
      expect(oidcAvailable(process.env)).toBe(true)
      const masked: string[] = []
      const source = new OidcTokens('https://deploy.example.com/api', core.getIDToken, token => masked.push(token))
      const first = await source.current()
      expect(issuer.issued).toEqual([
        expect.objectContaining({ audience: 'https://deploy.example.com/api', token: first })
      ])
      expect(expiryOf(first)).toBe(issuer.issued[0].exp * 1000)
      expect(await source.current()).toBe(first)
      source.invalidate()
      expect(await source.current()).toBe(issuer.issued[1].token)
      expect(issuer.requests).toBe(2)
      expect(masked).toEqual(issuer.issued.map(issued => issued.token))
    } finally {
      await issuer.close()
    }
  })

  it('is refused without the right request token', async () => {
    const issuer = await startOidcIssuer()
    try {
      Object.assign(process.env, issuer.env, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' })
      await expect(core.getIDToken('aud')).rejects.toThrow(/Failed to get ID Token/)
      expect(issuer.issued).toEqual([])
    } finally {
      await issuer.close()
    }
  })
})
