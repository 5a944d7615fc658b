// A fake of the runner's OIDC token service on 127.0.0.1, answering as @actions/core's
// getIDToken expects: GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud> with
// `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>`, answered `{"value": "<jwt>"}`.
// Its JWTs are well-formed but unsigned: the action reads only their `exp`.

import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface IssuedToken {
  audience: string | null
  token: string
  exp: number
}

export interface OidcIssuer {
  /** The variables to give the action. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }
  /** Tokens handed out, in order. */
  issued: IssuedToken[]
  /** Requests received, refused ones included. */
  requests: number
  /** Seconds from now until each new token's `exp` (default 300). */
  lifetimeSeconds: number
  close(): Promise<void>
}

const REQUEST_TOKEN = 'fake-runner-request-token'

export async function startOidcIssuer(lifetimeSeconds = 300): Promise<OidcIssuer> {
  const issued: IssuedToken[] = []
  const server = http.createServer((req, res) => {
    issuer.requests++
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method !== 'GET' || req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      res.writeHead(req.method !== 'GET' ? 405 : 401, { 'Content-Type': 'application/json' })
      return res.end(JSON.stringify({ message: 'Bad credentials' }))
    }
    const audience = url.searchParams.get('audience')
    const exp = Math.floor(Date.now() / 1000) + issuer.lifetimeSeconds
    const token = mintJwt({
      iss: 'https://token.actions.githubusercontent.com',
      aud: audience ?? 'https://github.com/octo-org',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      jti: `token-${issued.length + 1}`,
      iat: exp - issuer.lifetimeSeconds,
      exp
    })
    issued.push({ audience, token, exp })
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ count: issued.length, value: token }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const issuer: OidcIssuer = {
    // The runner's URL carries a query already: getIDToken appends `&audience=`.
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/_apis/distributedtask/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
    },
    issued,
    requests: 0,
    lifetimeSeconds,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return issuer
}

/** A JWT with the given claims and a signature that is only bytes. */
export function mintJwt(claims: object): string {
  const part = (value: object | string): string =>
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
  return [part({ alg: 'RS256', typ: 'JWT', kid: 'fake' }), part(claims), part('not a real signature')].join('.')
}
