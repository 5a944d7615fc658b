// Secrets never reach the log, the summary or the outputs, and text from the network cannot
// issue workflow commands.

const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie)$|token|key|secret|auth|signature|password|session|credential/i
const SECRET_QUERY_NAME = /token|key|secret|signature|password|auth|sig|code/i

/** Pieces cut out of a secret (the token after `Bearer`, one cookie) are masked when this long. */
const MIN_SECRET_PIECE = 4

export const MASK = '***'

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name)
}

export function isSecretQueryName(name: string): boolean {
  return SECRET_QUERY_NAME.test(name)
}

/**
 * The secret values of one run. Each value is registered with the runner (`::add-mask::`)
 * once, and `redact` replaces it, in every spelling it may take in a body, by `***`.
 */
export class Secrets {
  private readonly known = new Set<string>()
  private pattern: RegExp | undefined

  constructor(private readonly register: (value: string) => void = () => {}) {}

  add(value: string): void {
    for (const line of value.split(/\r?\n/)) {
      if (line === '' || this.known.has(line)) continue
      this.known.add(line)
      this.register(line)
      this.pattern = undefined
      for (const spelling of [JSON.stringify(line).slice(1, -1), encodeURIComponent(line)]) {
        this.known.add(spelling)
      }
    }
  }

  /** A credential header's value, and the parts a server may echo on their own. */
  addHeaderValue(value: string): void {
    this.add(value)
    const scheme = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value)
    if (scheme) this.addPiece(scheme[1])
    if (/^basic\s/i.test(value) && scheme) {
      const decoded = Buffer.from(scheme[1], 'base64').toString('utf8')
      if (decoded.includes(':')) this.addCredentials(decoded)
    }
    if (value.includes('=')) {
      for (const cookie of value.split(';')) this.addPiece(cookie.slice(cookie.indexOf('=') + 1).trim())
    }
  }

  /** User info (`user:password`) and secret query values of a URL. */
  addUrl(url: URL): void {
    if (url.username || url.password) {
      this.addCredentials(`${safeDecode(url.username)}:${safeDecode(url.password)}`)
      this.add(url.username)
      this.add(url.password)
    }
    for (const [name, value] of url.searchParams) {
      if (isSecretQueryName(name)) this.add(value)
    }
    for (const raw of url.search.slice(1).split('&')) {
      const [name, value] = raw.split('=', 2)
      if (value && isSecretQueryName(safeDecode(name))) this.add(value)
    }
  }

  redact(text: string): string {
    if (this.known.size === 0 || text === '') return text
    this.pattern ??= new RegExp(
      [...this.known]
        .sort((a, b) => b.length - a.length)
        .map(value => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g'
    )
    return text.replace(this.pattern, MASK)
  }

  /** A URL as it may be shown: no user info, secret query values masked. */
  showUrl(url: URL | string): string {
    const shown = new URL(url)
    shown.username = ''
    shown.password = ''
    for (const name of new Set(shown.searchParams.keys())) {
      if (isSecretQueryName(name)) shown.searchParams.set(name, MASK)
    }
    return this.redact(shown.href.replaceAll(encodeURIComponent(MASK), MASK))
  }

  private addCredentials(userAndPassword: string): void {
    this.add(userAndPassword)
    const colon = userAndPassword.indexOf(':')
    this.addPiece(userAndPassword.slice(0, colon))
    this.addPiece(userAndPassword.slice(colon + 1))
  }

  private addPiece(piece: string): void {
    if (piece.length >= MIN_SECRET_PIECE) this.add(piece)
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Text from the network, made fit for one log line: control characters become spaces,
 * workflow-command markers are broken with a zero-width space, and long text is cut.
 */
export function defuse(text: string, maxLength = 300): string {
  let line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if (line.length > maxLength) line = `${line.slice(0, maxLength)}…`
  return line.replaceAll('::', ':\u200b:').replaceAll('##[', '#\u200b#[')
}
