// JSONPath as Spinnaker users write it (Jayway syntax), evaluated by jsonpath-plus in its
// safe mode. jsonpath-plus accepts almost any text (it reads `$.[` as `$..`), so the syntax is
// checked here first and a path that does not parse is an input error.

import { JSONPath } from 'jsonpath-plus'
import { applyFunction } from './functions.js'
import { JaywayFunctionError, splitFunction, type FunctionCall } from './jayway.js'
import { cut } from '../redact.js'

export interface JsonPath {
  /** As the user wrote it, for messages. */
  readonly source: string
  /** As evaluated: Jayway's rule that a path not starting with `$` starts at the root. */
  readonly expression: string
  /** A Jayway function at the end (`.length()`, `concat(…)`), applied to what the rest finds. */
  readonly call?: { readonly fn: FunctionCall; readonly args: ReadonlyMap<string, JsonPath> }
}

export class JsonPathSyntaxError extends Error {}

// Filter expressions run in jsonpath-plus's safe interpreter; its parser rejects what would
// not run. The script class is not in the typings.
type SafeScriptClass = new (code: string) => unknown
const SafeScript = (JSONPath.prototype as unknown as { safeVm: { Script: SafeScriptClass } }).safeVm.Script

// Not `~` or `^` either: jsonpath-plus reads them as its own operators, which Jayway has not.
const NAME = /[^.[\]\s'"()@$~^]+|\*/y
const SPACE = /\s*/y

export function compileJsonPath(source: string): JsonPath {
  const text = source.trim()
  if (text === '') throw new JsonPathSyntaxError('is empty')
  let split: ReturnType<typeof splitFunction>
  try {
    split = splitFunction(text)
  } catch (error) {
    if (error instanceof JaywayFunctionError) throw new JsonPathSyntaxError(error.message)
    throw error
  }
  const written = split.base.startsWith('$') ? split.base : `$.${split.base}`
  const expression = canonicalize(written, written.length - split.base.length)
  if (!split.call) return { source: text, expression }
  // Argument paths are compiled now, so that one that does not parse is an input error.
  const args = new Map<string, JsonPath>()
  for (const arg of split.call.args) if (arg.kind === 'path') args.set(arg.path, compileJsonPath(arg.path))
  return { source: text, expression, call: { fn: split.call, args } }
}

/**
 * Checks a path's syntax and writes it in the forms jsonpath-plus evaluates as Jayway does:
 * no spaces in brackets, unions of names unquoted (`['a','b']` → `[a,b]`), a negative index as
 * a slice (`[-1]` → `[-1:]`).
 * `added`: how many characters were put before the user's text, to point into what they wrote.
 */
function canonicalize(path: string, added: number): string {
  let at = 1 // after `$`
  let out = '$'
  const fail = (what: string): never => {
    throw new JsonPathSyntaxError(`${what} at character ${Math.max(at - added, 0) + 1}`)
  }
  const name = (after: string): string => {
    NAME.lastIndex = at
    const match = NAME.exec(path)
    if (!match) return fail(`expected a name after \`${after}\``)
    at = NAME.lastIndex
    return match[0]
  }
  const skipSpace = (): void => {
    SPACE.lastIndex = at
    SPACE.exec(path)
    at = SPACE.lastIndex
  }

  while (at < path.length) {
    if (path.startsWith('..', at)) {
      at += 2
      out += path[at] === '[' ? `..${bracket()}` : `..${name('..')}`
    } else if (path[at] === '.') {
      at++
      out += `.${name('.')}`
    } else if (path[at] === '[') {
      out += bracket()
    } else {
      fail(`unexpected \`${path[at]}\``)
    }
  }
  return out

  function bracket(): string {
    at++
    skipSpace()
    if (path[at] === '(') fail('script expressions `[(...)]` are not supported; use a filter `[?(...)]`')
    let written: string
    if (path[at] === '?') {
      at++
      if (path[at] !== '(') fail('expected `(` after `?`')
      const end = closingParen(at)
      const script = path.slice(at + 1, end)
      checkScript(script)
      at = end + 1
      written = `?(${script})`
    } else {
      written = selectors()
    }
    skipSpace()
    if (path[at] !== ']') fail('expected `]`')
    at++
    return `[${written}]`
  }

  function selectors(): string {
    const items: Array<{ name?: string; text: string }> = []
    for (;;) {
      skipSpace()
      if (path[at] === "'" || path[at] === '"') {
        const name = quoted()
        if (/['\]]/.test(name)) fail("names holding ' or ] are not supported")
        items.push({ name, text: name })
      } else {
        const written = /^[^,\]]*/.exec(path.slice(at))?.[0] ?? ''
        const token = written.trim().replace(/\s*:\s*/g, ':')
        if (token === '')
          fail(
            items.length === 0 && path[at] === ']' ? 'empty `[]`' : 'expected an index, a slice, `*` or a quoted name'
          )
        if (!/^(?:\*|-?\d+|-?\d*:-?\d*(?::-?\d*)?)$/.test(token))
          fail('expected an index, a slice, `*` or a quoted name')
        at += written.length
        items.push({ text: token })
      }
      skipSpace()
      if (path[at] !== ',') break
      at++
    }
    if (items.length === 1) {
      const [{ name, text }] = items
      if (name !== undefined) return `'${name}'`
      if (/^-\d+$/.test(text)) return text === '-1' ? '-1:' : `${text}:${Number(text) + 1}`
      return text
    }
    for (const { name, text } of items) {
      if (name === undefined ? !/^\d+$/.test(text) : /[,\s]/.test(name)) {
        fail('a union `[a,b]` takes names and indexes of 0 or more')
      }
    }
    return items.map(item => item.text).join(',')
  }

  function quoted(): string {
    const quote = path[at]
    let value = ''
    at++
    while (at < path.length && path[at] !== quote) {
      if (path[at] === '\\') at++
      value += path[at] ?? ''
      at++
    }
    if (at >= path.length) fail('unclosed quote')
    at++
    return value
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
      fail(
        `expression \`${cut(script, 200)}\` does not parse (${(error as Error).message.replace(/ at character \d+$/, '')})`
      )
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

/** The path would take too long or too much memory over this document: it cannot be used. */
export class JsonPathLimitError extends Error {}

/**
 * How much work a search may take, counted as values visited times the length of the path to
 * each (jsonpath-plus keeps one for every value it visits). A body nested deeper than its size
 * suggests makes recursive descent explode: `$..items..id` over `items` nested 1,000 levels
 * deep in 37 KB would visit half a million values with a 1,000-step path each and run out of
 * memory. This bound keeps one evaluation to well under a second and a few tens of MB.
 */
const MAX_SEARCH_COST = 10_000_000

/**
 * Every value the path finds in a document (parsed JSON, or text for a body that is not JSON).
 * Throws JsonPathLimitError when the document is too deep or too large for the path.
 */
export function findAll(path: JsonPath, document: unknown): unknown[] {
  const found = search(path, document)
  const call = path.call
  if (!call) return found
  return applyFunction(call.fn, found, written =>
    written === '$'
      ? search(path, document, '$')
      : findAll(call.args.get(written) ?? compileJsonPath(written), document)
  )
}

/** What the path (without its function) finds; `expression` replaces the path's own. */
function search(path: JsonPath, document: unknown, expression = path.expression): unknown[] {
  if (document === undefined || document === '') return []
  const descents = expression.split('..').length - 1
  if (descents > 0 && typeof document === 'object' && document !== null) {
    const { values, depth } = shapeOf(document)
    if (values * depth ** descents > MAX_SEARCH_COST) throw tooLarge(path, values, depth)
  }
  // `json` must be truthy for jsonpath-plus; a bare false, 0 or null body is wrapped and unwrapped.
  const wrapped = !document
  const query = {
    path: wrapped ? `$.v${expression.slice(1)}` : expression,
    json: wrapped ? { v: document } : document,
    wrap: true,
    resultType: 'value'
  }
  try {
    const result: unknown = evaluator.evaluate(query as unknown as Parameters<typeof evaluator.evaluate>[0])
    return Array.isArray(result) ? result : []
  } catch (error) {
    // Recursion deeper than the stack: the document is too deep to search, which is not "nothing".
    if (error instanceof RangeError) {
      const { values, depth } = typeof document === 'object' ? shapeOf(document) : { values: 1, depth: 1 }
      throw tooLarge(path, values, depth)
    }
    // jsonpath-plus can still stumble on an odd document; for the stage that is "found nothing".
    return []
  }
}

function tooLarge(path: JsonPath, values: number, depth: number): JsonPathLimitError {
  return new JsonPathLimitError(
    `${path.source} cannot be evaluated: the answer is too deep or too large to search ` +
      `(${values} values nested ${depth} levels deep)`
  )
}

const shapes = new WeakMap<object, { values: number; depth: number }>()

/** How many values a document holds and how deep they nest, without recursion. */
function shapeOf(document: object | null): { values: number; depth: number } {
  if (document === null) return { values: 1, depth: 1 }
  const known = shapes.get(document)
  if (known) return known
  let values = 0
  let depth = 0
  const pending: Array<[unknown, number]> = [[document, 1]]
  while (pending.length > 0) {
    const [value, level] = pending.pop() as [unknown, number]
    values++
    if (level > depth) depth = level
    if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) pending.push([item, level + 1])
    }
  }
  const shape = { values, depth }
  shapes.set(document, shape)
  return shape
}

/** How a found value reads in messages and outputs: strings as they are, others as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    // Nested deeper than the stack allows (JSON.parse takes more depth than stringify).
    return '(nested too deeply to show)'
  }
}
