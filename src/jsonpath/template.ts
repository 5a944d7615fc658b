// `{JSONPath}` placeholders in the cancel endpoint, as Spinnaker users write SpEL there: filled
// from the webhook's answer, so the cancel call names the job the webhook started.

import { compileJsonPath, JsonPathSyntaxError, type JsonPath } from './syntax.js'
import { searchDocument } from './search.js'
import { cut, defuse, MAX_VALUE_SHOWN } from '../redact.js'
import { describeFound } from '../status.js'
import { ServerUrlError, urlFromServer, type UserInfoTaker } from '../url-from-server.js'

export interface UrlTemplate {
  /** The URL as written, each placeholder replaced by a token that URL parsing leaves alone. */
  readonly text: string
  readonly slots: ReadonlyArray<{ token: string; path: JsonPath }>
}

/** Reads the placeholders of a URL; `{` and `}` are otherwise not allowed in one. */
export function parseTemplate(written: string): UrlTemplate {
  const slots: Array<{ token: string; path: JsonPath }> = []
  let text = ''
  let at = 0
  for (;;) {
    const open = written.indexOf('{', at)
    if (open < 0) break
    const close = closingBrace(written, open)
    if (close < 0) throw new JsonPathSyntaxError(`the placeholder at character ${open + 1} has no closing }`)
    const source = written.slice(open + 1, close)
    let path: JsonPath
    try {
      path = compileJsonPath(source)
    } catch (error) {
      if (!(error instanceof JsonPathSyntaxError)) throw error
      throw new JsonPathSyntaxError(
        `the placeholder {${cut(source, MAX_VALUE_SHOWN)}} is not a JSONPath: ${error.message}`
      )
    }
    const token = `webhookstageslot${slots.length}z`
    slots.push({ token, path })
    text += written.slice(at, open) + token
    at = close + 1
  }
  if (written.indexOf('}', at) >= 0) throw new JsonPathSyntaxError('has a } that closes no placeholder')
  return { text: text + written.slice(at), slots }
}

/** The closing brace of the placeholder opened at `open`: braces inside quotes or brackets do not count. */
function closingBrace(text: string, open: number): number {
  let depth = 0
  let quote: string | undefined
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i]
    if (quote) {
      if (char === '\\') i++
      else if (char === quote) quote = undefined
    } else if (char === '"' || char === "'") quote = char
    else if (char === '[' || char === '(') depth++
    else if (char === ']' || char === ')') depth--
    else if (char === '}' && depth <= 0) return i
  }
  return -1
}

/** What a placeholder in the host may be filled with: letters, digits, `-` and `.`, and not dots alone. */
const HOST_NAME_PART = /^(?!\.*$)[A-Za-z0-9.-]+$/

/** Dot segments: a URL parser resolves them, so as a value they would move the call elsewhere on the host. */
const DOT_SEGMENTS = new Set(['.', '..'])

/**
 * The URL with each placeholder's value percent-encoded into it (as `encodeURIComponent` does),
 * or why the call cannot be made: a placeholder that finds nothing, an object, a list or several
 * values, no answer to read, or a value that would change what the URL names rather than fill it
 * in (`.` or `..`, or a host that is not a host name). A value is data, never a path or a host
 * of its own.
 */
export function fillTemplate(
  template: UrlTemplate,
  url: URL,
  answer: { document: unknown } | undefined,
  secrets: UserInfoTaker
): { url: URL } | { skipped: string } {
  if (template.slots.length === 0) return { url }
  if (!answer) return { skipped: 'there is no answer to fill its placeholders from' }
  const values = new Map<string, string>()
  for (const { token, path } of template.slots) {
    const search = searchDocument(path, answer.document)
    if ('unsearchable' in search) return { skipped: `the placeholder {${path.source}}: ${search.unsearchable}` }
    const { found } = search
    const value = found.length === 1 ? found[0] : undefined
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return { skipped: `the placeholder {${path.source}} found ${describeFound(found)}, not one value` }
    }
    const text = String(value)
    if (DOT_SEGMENTS.has(text)) {
      return { skipped: `the placeholder {${path.source}} found '${text}', which would change the URL's path` }
    }
    // A URL parser takes almost anything for a host (`https:///x` even names the host `x`).
    if (url.hostname.includes(token) && !HOST_NAME_PART.test(text)) {
      return {
        skipped: `the placeholder {${path.source}} fills the host with '${defuse(text, MAX_VALUE_SHOWN)}', which is not a valid host name`
      }
    }
    values.set(token, encodeURIComponent(text))
  }
  // In one pass: a value that spells another placeholder's token is data, never filled again.
  const tokens = new RegExp([...values.keys()].join('|'), 'g')
  const href = url.href.replace(tokens, token => values.get(token) ?? token)
  try {
    return { url: urlFromServer(href, url, secrets, 'the filled-in cancel URL') }
  } catch (error) {
    if (!(error instanceof ServerUrlError)) throw error
    return { skipped: error.message }
  }
}
