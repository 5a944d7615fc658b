// Secrets never reach the log, the summary or the outputs, and text from the network cannot
// issue workflow commands.

const CREDENTIAL_HEADER =
  /^(?:authorization|proxy-authorization|cookie)$|token|key|secret|auth|signature|password|session|credential/i
const SECRET_QUERY_NAME = /token|key|secret|signature|password|auth|sig|code/i

/**
 * Shorter values are not masked: no credential is that short, and masking `us` or `2` would
 * garble every line of the log and every output.
 */
export const MIN_SECRET_LENGTH = 4

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
      if (line.length < MIN_SECRET_LENGTH || this.known.has(line)) continue
      this.known.add(line)
      this.register(line)
      this.pattern = undefined
      for (const spelling of spellings(line)) this.known.add(spelling)
    }
  }

  /** A credential header's value, and the parts a server may echo on their own. */
  addHeaderValue(value: string): void {
    this.add(value)
    const scheme = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value)
    if (scheme) this.add(scheme[1])
    if (/^basic\s/i.test(value) && scheme) {
      const decoded = Buffer.from(scheme[1], 'base64').toString('utf8')
      if (decoded.includes(':')) this.addCredentials(decoded)
    }
    if (value.includes('=')) {
      for (const cookie of value.split(';')) this.add(cookie.slice(cookie.indexOf('=') + 1).trim())
    }
  }

  /** User info (`user:password`) and secret query values of a URL. */
  addUrl(url: URL): void {
    if (url.username || url.password) {
      this.addCredentials(`${safeDecode(url.username)}:${safeDecode(url.password)}`)
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
    // JSON encoders may write printable characters as \u escapes (.NET writes `+` as \u002B),
    // which hides a secret from the match; then the text is read with them unescaped.
    if (text.includes('\\u')) {
      const unescaped = text.replace(JSON_ESCAPED_PRINTABLE, unescapePrintable)
      this.pattern.lastIndex = 0
      if (unescaped !== text && this.pattern.test(unescaped)) text = unescaped
    }
    return text.replace(this.pattern, MASK)
  }

  /** A URL as it may be shown: no user info, secret query values masked, the rest as written. */
  showUrl(url: URL | string): string {
    const shown = new URL(url)
    shown.username = ''
    shown.password = ''
    const query = shown.search
      .slice(1)
      .split('&')
      .map(pair => {
        const [name, value] = pair.split('=', 2)
        return value !== undefined && isSecretQueryName(safeDecode(name)) ? `${name}=${MASK}` : pair
      })
      .join('&')
    return this.redact(`${shown.origin}${shown.pathname}${query ? `?${query}` : ''}${shown.hash}`)
  }

  private addCredentials(userAndPassword: string): void {
    this.add(userAndPassword)
    const colon = userAndPassword.indexOf(':')
    this.add(userAndPassword.slice(0, colon))
    this.add(userAndPassword.slice(colon + 1))
  }
}

/** How a value may appear in a body that echoes it: JSON-escaped (with or without `\/`), URL-encoded. */
function spellings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1)
  const encoded = encodeURIComponent(value)
  return [json, json.replaceAll('/', '\\/'), encoded, encoded.replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase())]
}

const JSON_ESCAPED_PRINTABLE = /\\u00([2-7][0-9a-fA-F])/g

/** A \u escape of a printable ASCII character as that character; `"` and `\\` stay escaped. */
function unescapePrintable(escape: string, hex: string): string {
  const char = String.fromCharCode(parseInt(hex, 16))
  return char === '"' || char === '\\' || char === '\x7f' ? escape : char
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
  return line.replace(/:(?=:)/g, ':\u200b').replaceAll('##[', '#\u200b#[')
}
