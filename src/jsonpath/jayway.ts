// Jayway JsonPath's functions (`$.items.length()`, `concat("https://…/", $.id)` …), which
// jsonpath-plus has not. The call is split off the end of the path, the rest is evaluated as a
// path, and the function is applied to what it found, giving the values Jayway gives.
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

/** Jayway failed: the stage treats it as found nothing. */
class NothingFound extends Error {}

/**
 * Applies a call to what its base path found. `evaluate` finds a path's values from the root
 * document (`$` gives the document itself). Never changes the values found.
 */
export function applyFunction(
  call: FunctionCall,
  found: readonly unknown[],
  evaluate: (argPath: string) => unknown[]
): unknown[] {
  try {
    const args = call.args.map(arg => argumentValue(arg, evaluate))
    if (call.scan) {
      const root = evaluate('$')
      return root.length === 0 ? [] : [invoke(call.name, root[0], [found, ...args], true)]
    }
    return found.map(value => invoke(call.name, value, args, false))
  } catch (error) {
    if (error instanceof NothingFound) return []
    throw error
  }
}

// As Jayway hands an argument to a function: a definite path's one value (an error when it finds
// nothing), an indefinite path's list of values.
function argumentValue(arg: FunctionArgument, evaluate: (argPath: string) => unknown[]): unknown {
  if (arg.kind !== 'path') return arg.value
  const values = evaluate(arg.path)
  if (!arg.definite) return values
  if (values.length === 0) throw new NothingFound()
  return values[0]
}

/**
 * One function on one value, with its arguments' values. `scan`: the value is the root and the
 * first argument everything `$..…` found.
 */
function invoke(name: JaywayFunction, value: unknown, args: unknown[], scan: boolean): unknown {
  switch (name) {
    case 'length':
    case 'size':
      // Jayway counts the children of what `$..…` found (`$..…*`); otherwise a list's items or an
      // object's keys, and null for anything else (a string has no length).
      if (scan) return spread(args[0]).reduce((count: number, part) => count + (childCount(part) ?? 0), 0)
      return childCount(value) ?? null
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
    case 'stddev':
      return aggregate(name, [...(Array.isArray(value) ? value : []), ...args.flatMap(spread)])
    case 'keys':
      return isObject(value) ? Object.keys(value) : null
    case 'first':
      return item(value, 0)
    case 'last':
      return item(value, -1)
    case 'index':
      // Jayway takes the first number among the arguments (after `$..`, that may be one found).
      return item(value, Math.trunc(args.flatMap(spread).find(isNumber) ?? NaN))
    case 'concat': {
      // The value's own strings only (a list's; a single string is not used), then every argument
      // written as text.
      const own = Array.isArray(value) ? value.filter(part => typeof part === 'string') : []
      return [...own, ...args.flatMap(spread).map(asText)].join('')
    }
    case 'append':
      // Each argument is one more item, a list included; a value that is not a list is unchanged.
      return Array.isArray(value) ? [...value, ...args] : value
  }
}

function aggregate(name: 'min' | 'max' | 'avg' | 'sum' | 'stddev', values: unknown[]): number {
  // Jayway skips what is not a number, and fails when nothing is left.
  const numbers = values.filter(isNumber)
  const count = numbers.length
  if (count === 0) throw new NothingFound()
  const sum = numbers.reduce((total, number) => total + number, 0)
  switch (name) {
    case 'min':
      return numbers.reduce((least, number) => Math.min(least, number))
    case 'max':
      // Jayway starts from Double.MIN_VALUE, the least positive double, so its max of numbers
      // none of which is positive is 4.9E-324; the true max here.
      return numbers.reduce((most, number) => Math.max(most, number))
    case 'sum':
      return sum
    case 'avg':
      return sum / count
    case 'stddev': {
      // Population standard deviation, computed in Jayway's order so the digits are the same;
      // rounding can leave a tiny negative variance, where Jayway gives NaN, which JSON has not.
      const squares = numbers.reduce((total, number) => total + number * number, 0)
      return Math.sqrt(Math.max(squares / count - (sum * sum) / count / count, 0))
    }
  }
}

/**
 * A list's item, negative from the end; fails (as in Jayway) on anything else or out of range.
 * Jayway also fails when a negative index reaches the first item (`last()` of a one-item list):
 * a bug, not matched.
 */
function item(value: unknown, index: number): unknown {
  if (!Array.isArray(value) || !Number.isInteger(index)) throw new NothingFound()
  const at = index < 0 ? value.length + index : index
  if (at < 0 || at >= value.length) throw new NothingFound()
  return value[at] as unknown
}

function childCount(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length
  return isObject(value) ? Object.keys(value).length : undefined
}

/** Jayway takes a list argument item by item, and skips nulls. */
function spread(value: unknown): unknown[] {
  return (Array.isArray(value) ? value : [value]).filter(part => part !== null && part !== undefined)
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Jayway writes a non-string with Java's toString: `1.0` for a JSON double, a list or an
// object in its own form. JSON here.
function asText(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    throw new NothingFound()
  }
}
