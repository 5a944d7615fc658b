// The runner's OIDC token service, asked directly: loaded by runs with oidc-audience only.

import { send } from './exchange.js'
import { oidcAvailable } from '../oidc.js'
import type { UserInfoTaker } from '../url-from-server.js'

/** The runner's token service answers 5xx while it is busy; @actions/core retried these too. */
const BUSY_CODES = new Set([502, 503, 504])
const TOKEN_REQUEST_TRIES = 3

/**
 * The job's OIDC token for audience, from the runner's token service (GET its
 * ACTIONS_ID_TOKEN_REQUEST_URL with `&audience=`, the request token as Bearer, answered
 * `{"value": "<jwt>"}`), as @actions/core's getIDToken asks for it. Asked here rather than
 * through getIDToken because that one's client is @actions/http-client, whose entry evaluates
 * undici at every start, OIDC or not (docs/startup.md). The caller masks the token.
 */
export async function requestIdToken(
  audience: string,
  secrets: UserInfoTaker,
  env: NodeJS.ProcessEnv = process.env
): Promise<string> {
  if (!oidcAvailable(env)) throw new Error('the runner gives no OIDC token (permissions: id-token: write)')
  const url = new URL(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`)
  for (let attempt = 1; ; attempt++) {
    const answer = await send({
      method: 'GET',
      url,
      headers: { Accept: 'application/json', 'User-Agent': 'actions/oidc-client' },
      credentials: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      timeoutMs: 60_000,
      maxResponseBytes: 1024 * 1024,
      trustedHost: url.hostname,
      secrets
    })
    if (BUSY_CODES.has(answer.code) && attempt < TOKEN_REQUEST_TRIES) continue
    if (answer.code !== 200)
      throw new Error(`the runner's token service answered ${answer.code} ${answer.reason}`.trim())
    const value = tokenValue(answer.body)
    if (!value) throw new Error("the runner's token service answered without a token")
    return value
  }
}

function tokenValue(body: Buffer): string | undefined {
  try {
    const value = (JSON.parse(body.toString('utf8')) as { value?: unknown } | null)?.value
    return typeof value === 'string' && value !== '' ? value : undefined
  } catch {
    return undefined
  }
}
