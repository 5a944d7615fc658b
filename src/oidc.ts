// The job's GitHub OIDC token for the webhook URL's origin, kept fresh through a long wait: a
// token lives minutes, a wait may last hours.

import { send } from './http/exchange.js'

/** A token this close to its `exp` is not sent: it could expire on the way. */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000

/** Whether the runner gives this job OIDC tokens (`permissions: id-token: write`). */
export function oidcAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
}

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
export async function requestIdToken(audience: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
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
      trustedHost: url.hostname
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

export class OidcTokens {
  private token: string | undefined
  /** When the token expires, ms since the epoch; undefined if it does not say. */
  private expiresAt: number | undefined
  private pending: Promise<string> | undefined

  constructor(
    private readonly audience: string,
    private readonly fetch: (audience: string) => Promise<string>,
    private readonly onToken: (token: string) => void,
    private readonly now: () => number = () => Date.now()
  ) {}

  /** A token fit to send now; concurrent callers share one fetch. */
  async current(): Promise<string> {
    if (this.token !== undefined && !this.expiring()) return this.token
    this.pending ??= this.renew().finally(() => (this.pending = undefined))
    return this.pending
  }

  /** After a 401: the next current() fetches a new token. */
  invalidate(): void {
    this.token = undefined
    this.expiresAt = undefined
  }

  private expiring(): boolean {
    return this.expiresAt !== undefined && this.now() >= this.expiresAt - REFRESH_BEFORE_EXPIRY_MS
  }

  private async renew(): Promise<string> {
    const token = await this.fetch(this.audience)
    // Masked before anything can log it.
    this.onToken(token)
    this.token = token
    this.expiresAt = expiryOf(token)
    return token
  }
}

/** A JWT's `exp` in ms since the epoch, or undefined if it cannot be read. */
export function expiryOf(jwt: string): number | undefined {
  const payload = jwt.split('.')[1]
  if (!payload) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    const exp = (claims as { exp?: unknown } | null)?.exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}
