// The syntax of JSONPath as Spinnaker users write it (Jayway's). jsonpath-plus accepts almost
// any text (it reads `$.[` as `$..`), so the syntax is checked here, before any evaluation, and
// a path that does not parse is an input error.

import { JSONPath } from 'jsonpath-plus'
import { JaywayFunctionError, splitFunction, type FunctionCall } from './jayway.js'
import { cut, MAX_EXCERPT } from '../redact.js'

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
const safeScript = (): SafeScriptClass =>
  (JSONPath.prototype as unknown as { safeVm: { Script: SafeScriptClass } }).safeVm.Script

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
      new (safeScript())(script.replace(/@([.\s)[]|$)/g, '_$_v$1').replace(/@(\w+)/g, '_$_$1'))
    } catch (error) {
      fail(
        `expression \`${cut(script, MAX_EXCERPT)}\` does not parse (${(error as Error).message.replace(/ at character \d+$/, '')})`
      )
    }
  }
}
