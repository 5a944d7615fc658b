// JSONPath as Spinnaker users write it (Jayway syntax), evaluated by jsonpath-plus in its
// safe mode. jsonpath-plus accepts almost any text (it reads `$.[` as `$..`), so the syntax is
// checked here first and a path that does not parse is an input error.

import { JSONPath } from 'jsonpath-plus'

export interface JsonPath {
  /** As the user wrote it, for messages. */
  readonly source: string
  /** As evaluated: Jayway's rule that a path not starting with `$` starts at the root. */
  readonly expression: string
}

export class JsonPathSyntaxError extends Error {}

// Filter expressions run in jsonpath-plus's safe interpreter; its parser rejects what would
// not run. The script class is not in the typings.
type SafeScriptClass = new (code: string) => unknown
const SafeScript = (JSONPath.prototype as unknown as { safeVm: { Script: SafeScriptClass } }).safeVm
  .Script

const NAME = /[^.[\]\s'"()@$]+|\*/y
const SPACE = /\s*/y

export function compileJsonPath(source: string): JsonPath {
  const text = source.trim()
  if (text === '') throw new JsonPathSyntaxError('is empty')
  const expression = text.startsWith('$') ? text : `$.${text}`
  checkSyntax(expression, expression.length - text.length)
  return { source: text, expression }
}

/** `added`: how many characters were put before the user's text, to point into what they wrote. */
function checkSyntax(path: string, added: number): void {
  let at = 1 // after `$`
  const fail = (what: string): never => {
    throw new JsonPathSyntaxError(`${what} at character ${Math.max(at - added, 0) + 1}`)
  }
  const name = (): boolean => {
    NAME.lastIndex = at
    if (!NAME.exec(path)) return false
    at = NAME.lastIndex
    return true
  }
  while (at < path.length) {
    if (path.startsWith('..', at)) {
      at += 2
      if (path[at] === '[') bracket()
      else if (!name()) fail('expected a name or `[` after `..`')
    } else if (path[at] === '.') {
      at++
      if (!name()) fail('expected a name after `.`')
    } else if (path[at] === '[') {
      bracket()
    } else {
      fail(`unexpected \`${path[at]}\``)
    }
  }

  function bracket(): void {
    const open = at
    at++
    skipSpace()
    if (path[at] === '?' || path[at] === '(') {
      const filter = path[at] === '?'
      if (filter) at++
      if (path[at] !== '(') fail('expected `(` after `?`')
      const end = closingParen(at)
      const script = path.slice(at + 1, end)
      checkScript(script)
      at = end + 1
    } else {
      for (;;) {
        skipSpace()
        if (path[at] === "'" || path[at] === '"') quoted()
        else if (!/^(?:\*|-?\d*(?::-?\d*){0,2})$/.test(selectorAt())) fail('expected an index, a slice, `*` or a quoted name')
        else at += selectorAt().length
        skipSpace()
        if (path[at] !== ',') break
        at++
      }
    }
    skipSpace()
    if (path[at] !== ']') {
      at = Math.max(at, open)
      fail('expected `]`')
    }
    if (path.slice(open + 1, at).trim() === '') fail('empty `[]`')
    at++
  }

  function selectorAt(): string {
    const match = /^[^,\]\s]*/.exec(path.slice(at))
    return match ? match[0] : ''
  }

  function quoted(): void {
    const quote = path[at]
    at++
    while (at < path.length && path[at] !== quote) at += path[at] === '\\' ? 2 : 1
    if (at >= path.length) fail('unclosed quote')
    at++
  }

  function skipSpace(): void {
    SPACE.lastIndex = at
    SPACE.exec(path)
    at = SPACE.lastIndex
  }

  function closingParen(from: number): number {
    let depth = 0
    let quote: string | undefined
    for (let i = from; i < path.length; i++) {
      const char = path[i]
      if (quote) {
        if (char === '\\') i++
        else if (char === quote) quote = undefined
      } else if (char === "'" || char === '"') quote = char
      else if (char === '(') depth++
      else if (char === ')' && --depth === 0) return i
    }
    at = from
    return fail('unclosed `(`')
  }

  function checkScript(script: string): void {
    if (script.trim() === '') fail('empty expression')
    try {
      // The same substitutions jsonpath-plus makes before it parses a script.
      new SafeScript(script.replace(/@([.\s)[]|$)/g, '_$_v$1').replace(/@(\w+)/g, '_$_$1'))
    } catch (error) {
      fail(`expression \`${script}\` does not parse (${(error as Error).message.replace(/ at character \d+$/, '')})`)
    }
  }
}

const evaluator = JSONPath({
  autostart: false,
  path: '$',
  json: null,
  eval: 'safe',
  // A filter that fails on some element (a missing property) just does not select it.
  ignoreEvalErrors: true
})

/** Every value the path finds in a document (parsed JSON, or text for a body that is not JSON). */
export function findAll(path: JsonPath, document: unknown): unknown[] {
  if (document === undefined || document === null || document === '') return []
  // `json` must be truthy for jsonpath-plus; a bare false or 0 body is wrapped and unwrapped.
  const wrapped = !document
  const result = evaluator.evaluate({
    path: wrapped ? `$.v${path.expression.slice(1)}` : path.expression,
    json: wrapped ? { v: document } : (document as object),
    wrap: true,
    resultType: 'value'
  } as unknown as Parameters<typeof evaluator.evaluate>[0]) as unknown
  return Array.isArray(result) ? result : []
}

/** How a found value reads in messages and outputs: strings as they are, others as JSON. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
}
