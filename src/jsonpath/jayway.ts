// Jayway JsonPath's functions (`$.items.length()`, `concat("https://…/", $.id)` …), which
// jsonpath-plus has not. The call is split off the end of the path here, the rest is evaluated as
// a path, and the function is applied to what it found (functions.ts), giving Jayway's values.
//
// Jayway applies a function to each value its path reaches (`$.items[*].tags.length()` gives one
// length per item; `$.items[*].price.sum()` is an error, as every price is a number, not a list),
// except that a path starting with `$..` is turned around: `$..price.sum()` is
// `$.sum($..price)`, the function applied once to the root document with everything found as an
// argument. Where Jayway throws while evaluating, the stage has found nothing.

export const JAYWAY_FUNCTIONS = [
  'length',
  'size',
  'min',
  'max',
  'avg',
  'sum',
  'stddev',
  'keys',
  'first',
  'last',
  'index',
  'concat',
  'append'
] as const

export type JaywayFunction = (typeof JAYWAY_FUNCTIONS)[number]

/** A path argument is kept as written, for the caller to compile and evaluate from the root. */
export type FunctionArgument =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'path'; path: string; definite: boolean }

export interface FunctionCall {
  name: JaywayFunction
  args: FunctionArgument[]
  /** The path starts with `$..`: the function runs once, on the root, with all that was found. */
  scan: boolean
}

/** Phrased to follow "must be a JSONPath …: ". */
export class JaywayFunctionError extends Error {}

const FUNCTION_LIST = JAYWAY_FUNCTIONS.map(name => (name === 'index' ? 'index(n)' : `${name}()`)).join(', ')
// What Jayway reads as a function's name: anything up to `(` but a dot, a bracket or a space.
const NAME_CHAR = /[^.[\]\s'"()$@]/
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/

function isJaywayFunction(name: string): name is JaywayFunction {
  return (JAYWAY_FUNCTIONS as readonly string[]).includes(name)
}

/**
 * Splits a function call off the end of a path as written (trimmed). A path that is only a call,
 * `concat("https://…/", $.id)`, starts at the root as any path without `$` does: its base is `$`.
 * Brackets are left alone, so a filter may hold calls of its own.
 */
export function splitFunction(text: string): { base: string; call?: FunctionCall } {
  const open = callParen(text)
  if (open < 0) return { base: text }
  let start = open
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--
  const name = text.slice(start, open)
  if (name === '') throw new JaywayFunctionError(`expected a function name before \`(\` at character ${open + 1}`)
  if (!isJaywayFunction(name)) {
    throw new JaywayFunctionError(`\`${name}()\` is not a function; Jayway's functions are ${FUNCTION_LIST}`)
  }
  let base = '$'
  if (start > 0) {
    if (text[start - 1] !== '.' || text[start - 2] === '.') {
      throw new JaywayFunctionError(`expected \`.\` before \`${name}()\` at character ${start + 1}`)
    }
    base = text.slice(0, start - 1)
  }
  const { args, end } = readArguments(text, open + 1, name)
  checkArguments(name, args)
  if (end < text.length - 1) {
    throw new JaywayFunctionError(
      `\`${name}()\` must come last in the path (found \`${text.slice(end + 1)}\` after it)`
    )
  }
  return { base, call: { name, args, scan: /^[$@]\.\./.test(base) } }
}

/** Where the first `(` outside brackets is, or -1. */
function callParen(text: string): number {
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quote) {
      if (char === '\\') i++
      else if (char === quote) quote = undefined
    } else if (depth > 0 && (char === "'" || char === '"')) quote = char
    else if (char === '[') depth++
    else if (char === ']') depth = Math.max(depth - 1, 0)
    else if (char === '(' && depth === 0) return i
  }
  return -1
}

function readArguments(text: string, from: number, name: string): { args: FunctionArgument[]; end: number } {
  const args: FunctionArgument[] = []
  const unclosed = (): never => {
    throw new JaywayFunctionError(`\`${name}(\` is not closed with \`)\``)
  }
  let at = skipSpace(text, from)
  if (text[at] === ')') return { args, end: at }
  for (;;) {
    at = skipSpace(text, at)
    const char = text[at]
    if (char === undefined) unclosed()
    if (char === '"' || char === "'") {
      const literal = readString(text, at)
      if (!literal) return unclosed()
      args.push({ kind: 'text', value: literal.value })
      at = literal.next
    } else if (char === '$' || char === '@') {
      const next = pathEnd(text, at)
      if (next < 0) return unclosed()
      // `@` is the root here, as in Jayway (a call inside a filter is left to the filter).
      const path = text
        .slice(at, next)
        .trim()
        .replace(/^@/, () => '$')
      args.push({ kind: 'path', path, definite: isDefinite(path) })
      at = next
    } else {
      const token = /^[^,)]*/.exec(text.slice(at))?.[0].trim() ?? ''
      if (!NUMBER.test(token)) {
        throw new JaywayFunctionError(
          `argument ${args.length + 1} of \`${name}()\` must be a quoted string, a number or a path starting with \`$\``
        )
      }
      args.push({ kind: 'number', value: Number(token) })
      at += token.length
    }
    at = skipSpace(text, at)
    if (text[at] === ')') return { args, end: at }
    if (at >= text.length) unclosed()
    if (text[at] !== ',') {
      throw new JaywayFunctionError(`expected \`,\` or \`)\` after argument ${args.length} of \`${name}()\``)
    }
    at++
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++
  return at
}

// Double-quoted as Jayway reads it (JSON); single quotes too, with the same escapes.
function readString(text: string, from: number): { value: string; next: number } | undefined {
  const quote = text[from]
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' }
  let value = ''
  for (let at = from + 1; at < text.length; at++) {
    const char = text[at]
    if (char === quote) return { value, next: at + 1 }
    if (char !== '\\') {
      value += char
    } else if (text[at + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
      value += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16))
      at += 5
    } else {
      at++
      value += escapes[text[at]] ?? text[at] ?? ''
    }
  }
  return undefined
}

/** Where a path argument ends: at a `,` or `)` outside its brackets, filters and calls; -1 if never. */
function pathEnd(text: string, from: number): number {
  let depth = 0
  let quote: string | undefined
  for (let i = from; i < text.length; i++) {
    const char = text[i]
    if (quote) {
      if (char === '\\') i++
      else if (char === quote) quote = undefined
    } else if (depth > 0 && (char === "'" || char === '"')) quote = char
    else if (char === '[' || char === '(') depth++
    else if ((char === ']' || char === ')') && depth > 0) depth--
    else if (depth === 0 && (char === ',' || char === ')')) return i
  }
  return -1
}

function checkArguments(name: JaywayFunction, args: FunctionArgument[]): void {
  if (name === 'index') {
    const [arg] = args
    if (args.length !== 1 || arg.kind !== 'number' || !Number.isInteger(arg.value)) {
      throw new JaywayFunctionError('`index(n)` takes one whole number, such as index(0) or index(-1) for the last')
    }
  } else if (name !== 'concat' && name !== 'append' && args.length > 0) {
    throw new JaywayFunctionError(`\`${name}()\` takes no arguments`)
  }
}

/**
 * Whether Jayway reads a path as definite (one value, not a list): only names and single
 * indexes, or a function call after a definite path or after `$..` (turned around, see above).
 */
export function isDefinite(path: string): boolean {
  const { base, call } = splitFunction(path)
  if (call) return call.scan || isDefinite(base)
  let depth = 0
  let bracket = ''
  for (let i = 0; i < base.length; i++) {
    const char = base[i]
    if (depth > 0) {
      if (char === '[') depth++
      else if (char === ']' && --depth === 0) {
        if (!/^\s*(?:-?\d+|'[^']*'|"[^"]*")\s*$/.test(bracket)) return false
        bracket = ''
        continue
      }
      bracket += char
    } else if (char === '[') depth = 1
    else if (char === '*' || base.startsWith('..', i)) return false
  }
  return true
}
