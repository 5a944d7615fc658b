// @ts-check
// Where a translated value lands decides how it may be written. The runner pastes an expression's
// value as it is: inside a JSON payload a value holding `"` or a newline would break the JSON or
// change its shape, and in a URL a `/`, `?` or `#` would change where the call goes.

import { findExpressions, translateSpel } from './spel.mjs'
import { literal } from './literal.mjs'

/**
 * @typedef {import('./spel.mjs').SpelResult & { comments: string[] }} Landed
 * @typedef {import('./spel.mjs').SpelContext} SpelContext
 */

const JSON_STRING = /"(?:[^"\\]|\\.)*"/g

/** Whether the text is JSON once each SpEL expression in it stands for a value. */
function isJsonTemplate(/** @type {string} */ text) {
  let masked = ''
  let from = 0
  for (const expression of findExpressions(text)) {
    masked += `${text.slice(from, expression.start)}0`
    from = expression.end
  }
  try {
    JSON.parse(masked + text.slice(from))
    return true
  } catch {
    return false
  }
}

/** Text inside a `format()` string: quotes doubled, braces escaped as format() reads them. */
const formatText = (/** @type {string} */ text) =>
  text.replaceAll("'", "''").replaceAll('{', '{{').replaceAll('}', '}}')

/**
 * The JSON string Spinnaker built from these parts, as an expression: `toJSON(x)` for a whole
 * string, `toJSON(format('… {0} …', x))` for one with text around the value.
 * @param {import('./spel.mjs').Part[]} parts
 */
export function jsonString(parts) {
  const values = parts.flatMap(part => part.expression ?? [])
  if (parts.length === 1 && values.length === 1) return `toJSON(${values[0]})`
  let index = 0
  const template = parts.map(part => (part.expression ? `{${index++}}` : formatText(part.text ?? ''))).join('')
  return `toJSON(format('${template}', ${values.join(', ')}))`
}

/**
 * A payload's text with its SpEL translated: in JSON, each string that reads a value becomes
 * `${{ toJSON(…) }}` in place of the whole string, quotes included.
 * @param {string} text
 * @param {SpelContext} context
 * @param {string} key
 * @returns {Landed}
 */
export function translatePayload(text, context, key) {
  if (!isJsonTemplate(text)) return { ...translateSpel(text, context, key), comments: [] }
  /** @type {Landed} */
  const result = { text: '', parts: [], translated: [], untranslated: [], comments: [] }
  let bare = false
  const merge = (/** @type {import('./spel.mjs').SpelResult} */ spel, written = spel.text) => {
    result.text += written
    result.translated.push(...spel.translated)
    result.untranslated.push(...spel.untranslated)
  }
  let from = 0
  for (const match of text.matchAll(JSON_STRING)) {
    const between = translateSpel(text.slice(from, match.index), context, key)
    bare ||= between.translated.length > 0
    merge(between)
    const inside = translateSpel(JSON.parse(match[0]), context, key)
    merge(
      inside,
      inside.parts.some(part => part.expression) ? `\${{ ${jsonString(inside.parts)} }}` : literal(match[0])
    )
    from = match.index + match[0].length
  }
  const after = translateSpel(text.slice(from), context, key)
  bare ||= after.translated.length > 0
  merge(after)
  if (result.text.includes('${{ toJSON('))
    result.comments.push(
      ' toJSON() writes each value as a JSON string, so a quote or a newline in it keeps the JSON valid'
    )
  if (bare)
    result.comments.push(
      ' TODO: a value outside a JSON string lands as it is, so it must be JSON itself (a number or true/false); check the input'
    )
  return result
}

/**
 * A URL's text with its SpEL translated, and a TODO for each value in it: GitHub's expressions
 * cannot percent-encode.
 * @param {string} text
 * @param {SpelContext} context
 * @param {string} key
 * @returns {Landed}
 */
export function translateUrl(text, context, key) {
  const spel = translateSpel(text, context, key)
  // A run id is digits; anything else may hold what changes a URL.
  const values = spel.parts.flatMap(part => part.expression ?? []).filter(value => value !== 'github.run_id')
  const comments = values.length
    ? [
        ` TODO: ${values.join(', ')} ${values.length > 1 ? 'land' : 'lands'} in the URL as written, not percent-encoded (GitHub's expressions cannot): a value with /, ?, #, & or a space would change the URL; keep ${values.length > 1 ? 'these inputs' : 'this input'} to letters, digits, - . _ ~`
      ]
    : []
  return { ...spel, comments }
}
