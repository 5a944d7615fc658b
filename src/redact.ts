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

// How much text is shown, by where it goes: every cut of text for the log, the summary or an
// error message takes one of these, so the bounds are read in one place.
/** Server-chosen text is cut here in any one log line or summary row. */
export const MAX_SHOWN_TEXT = 8 * 1024
/** A short excerpt inside a message: the start of a body, a value quoted in an input error, an expression. */
export const MAX_EXCERPT = 200
/** A single value inside a message: a status value, a placeholder's value. */
export const MAX_VALUE_SHOWN = 100

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name)
}

export function isSecretQueryName(name: string): boolean {
  return SECRET_QUERY_NAME.test(name)
}

/**
 * The secret values of one run. Each value is registered with the runner (`::add-mask::`)
 * once, and `redact` replaces it, in every spelling a server may echo it in, by `***`.
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
    }
  }

  /**
   * A credential header's value, and the parts a server may echo on their own: the token after
   * its scheme, Basic credentials decoded, and each `name=value` of a Cookie (only there: a
   * token's `=` padding separates nothing).
   */
  addHeaderValue(name: string, value: string): void {
    this.add(value)
    const scheme = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value)
    if (scheme) this.add(scheme[1])
    if (/^basic\s/i.test(value) && scheme) {
      const decoded = Buffer.from(scheme[1], 'base64').toString('utf8')
      if (decoded.includes(':')) this.addCredentials(decoded)
    }
    if (name.toLowerCase() === 'cookie') {
      for (const cookie of value.split(';')) {
        this.add(cookie.trim())
        this.add(cookie.slice(cookie.indexOf('=') + 1).trim())
      }
    }
  }

  /** User info (`user:password`) and secret query values of a URL the user gave. */
  addUrl(url: URL): void {
    this.addUserInfo(url)
    for (const [name, value] of url.searchParams) {
      if (isSecretQueryName(name)) this.add(value)
    }
  }

  /** User info of any URL, also one a server chose: it is never used, and never shown. */
  private addUserInfo(url: URL): void {
    if (url.username || url.password) {
      this.addCredentials(`${safeDecode(url.username)}:${safeDecode(url.password)}`)
    }
  }

  /** The URL with its user info taken into the secrets and blanked: the one way user info leaves a URL. */
  takeUserInfo(url: URL): URL {
    this.addUserInfo(url)
    url.username = ''
    url.password = ''
    return url
  }

  /** Whether any secret is known: a body with none to mask is handed on as it came. */
  get empty(): boolean {
    return this.known.size === 0
  }

  redact(text: string): string {
    if (this.known.size === 0 || text === '') return text
    this.pattern ??= new RegExp(
      [...this.known]
        .sort((a, b) => b.length - a.length)
        .map(spelledAnyWay)
        .join('|'),
      'g'
    )
    return text.replace(this.pattern, MASK)
  }

  /**
   * A JSON value with every secret masked inside its strings (keys too), so that the masked
   * text stays valid JSON; a number that holds a secret becomes the string `***`. Walked without
   * recursion: a server's answer may nest deeper than the call stack goes.
   */
  redactJson(value: unknown): unknown {
    if (this.known.size === 0) return value
    type Slot = Record<string | number, unknown>
    const top: Slot = {}
    const pending: Array<{ from: unknown; into: Slot; at: string | number }> = [{ from: value, into: top, at: 0 }]
    for (let next = pending.pop(); next; next = pending.pop()) {
      const { from, into, at } = next
      if (Array.isArray(from)) {
        const list: unknown[] = new Array(from.length)
        into[at] = list
        for (let i = from.length - 1; i >= 0; i--) pending.push({ from: from[i], into: list as unknown as Slot, at: i })
      } else if (from !== null && typeof from === 'object') {
        const masked: Slot = Object.create(null)
        into[at] = masked
        const entries = Object.entries(from)
        // The names first, in the order they came; then the values, the first name's first.
        for (const [key] of entries) masked[this.redact(key)] = undefined
        for (let i = entries.length - 1; i >= 0; i--) {
          pending.push({ from: entries[i][1], into: masked, at: this.redact(entries[i][0]) })
        }
      } else if (typeof from === 'string') into[at] = this.redact(from)
      else if (typeof from === 'number') into[at] = this.redact(String(from)) === String(from) ? from : MASK
      else into[at] = from
    }
    return top[0]
  }

  /** A URL as it may be shown: no user info, secret query values masked, the rest as written. */
  showUrl(url: URL | string): string {
    const shown = this.takeUserInfo(new URL(url))
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

/**
 * The one rule of masking: a secret is found however a server writes it back, that is, when
 * each of its characters is written in any of the spellings of `spellings` (itself,
 * percent-encoded in any case, JSON-escaped, form-encoded), in any mix, and a line break,
 * spelled any of those ways and followed by indentation, may fall between two characters
 * (wrapped text).
 */
function spelledAnyWay(secret: string): string {
  const lineBreak = `(?:(?:${spellings('\r')})?${spellings('\n')}[ \\t]*)?`
  return [...secret].map(spellings).join(lineBreak)
}

/** Spellings a character has besides itself and its codes: JSON's short escapes, form encoding's `+` for a space. */
const SHORT_SPELLINGS: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  ' ': '+'
}

/** A regular expression for one character in every spelling it may take in echoed text (see SHORT_SPELLINGS). */
function spellings(char: string): string {
  const ways = new Set([escapeRegExp(char)])
  ways.add([...Buffer.from(char)].map(byte => `%${anyCaseHex(byte, 2)}`).join(''))
  let json = ''
  for (let i = 0; i < char.length; i++) json += `\\\\u${anyCaseHex(char.charCodeAt(i), 4)}`
  ways.add(json)
  const short = SHORT_SPELLINGS[char]
  if (short) ways.add(escapeRegExp(short))
  return `(?:${[...ways].join('|')})`
}

function anyCaseHex(value: number, digits: number): string {
  return [...value.toString(16).padStart(digits, '0')]
    .map(digit => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Percent-decoded text, or the text as it is when it does not decode. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Text from the network, made fit for one log line or summary row: control characters become
 * spaces, workflow-command markers are broken with a zero-width space, and long text is cut
 * with a marker. Redact before this: a cut secret could no longer be found.
 */
export function defuse(text: string, maxLength = MAX_SHOWN_TEXT): string {
  // eslint-disable-next-line no-control-regex -- control characters are what a log line may not hold
  let line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if (line.length > maxLength) line = cut(line, maxLength)
  return line.replace(/:(?=:)/g, ':\u200b').replaceAll('##[', '#\u200b#[')
}

/** Text cut to `maxLength` characters with a marker that says how much was left out. */
export function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text
  return `${text.slice(0, maxLength)}… (${text.length - maxLength} more characters cut)`
}
