// `{JSONPath}` placeholders in the cancel endpoint, as Spinnaker users write SpEL there: filled
// from the webhook's answer, so the cancel call names the job the webhook started.

import { compileJsonPath, findAll, JsonPathLimitError, JsonPathSyntaxError, type JsonPath } from './index.js'
import { describeFound } from '../status.js'

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
      throw new JsonPathSyntaxError(`the placeholder {${source.slice(0, 100)}} is not a JSONPath: ${error.message}`)
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

/**
 * The URL with each placeholder's value percent-encoded into it (as `encodeURIComponent` does),
 * or why the call cannot be made: a placeholder that finds nothing, an object, a list or several
 * values, or no answer to read.
 */
export function fillTemplate(
  template: UrlTemplate,
  url: URL,
  answer: { document: unknown } | undefined
): { url: URL } | { skipped: string } {
  if (template.slots.length === 0) return { url }
  if (!answer) return { skipped: 'there is no answer to fill its placeholders from' }
  let href = url.href
  for (const { token, path } of template.slots) {
    let found: unknown[]
    try {
      found = findAll(path, answer.document)
    } catch (error) {
      if (!(error instanceof JsonPathLimitError)) throw error
      return { skipped: `the placeholder {${path.source}}: ${error.message}` }
    }
    const value = found.length === 1 ? found[0] : undefined
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return { skipped: `the placeholder {${path.source}} found ${describeFound(found)}, not one value` }
    }
    href = href.replaceAll(token, encodeURIComponent(String(value)))
  }
  return { url: new URL(href) }
}
