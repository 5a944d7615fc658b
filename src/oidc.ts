// The job's GitHub OIDC token for the webhook URL's origin, kept fresh through a long wait: a
// token lives minutes, a wait may last hours.

/** A token this close to its `exp` is not sent: it could expire on the way. */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000

/** Whether the runner gives this job OIDC tokens (`permissions: id-token: write`). */
export function oidcAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
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
