// JSONPath as Spinnaker users write it (Jayway syntax, checked by syntax.ts), evaluated by
// jsonpath-plus in its safe mode, within bounds of time and memory: every search of a server's
// answer goes through searchDocument, so a new JSONPath input gets the bounds by construction.

import { JSONPath } from 'jsonpath-plus'
import { applyFunction } from './functions.js'
import { compileJsonPath, type JsonPath } from './syntax.js'

/** The part of jsonpath-plus's evaluator the search uses (its query object is not in the typings). */
interface Evaluator {
  evaluate(query: { path: string; json: unknown; wrap: boolean; resultType: 'value' }): unknown
}
let evaluator: Evaluator | undefined

/** jsonpath-plus in its safe mode: filters run in its interpreter, never as JavaScript. */
function jsonPathEvaluator(): Evaluator {
  evaluator ??= JSONPath({
    autostart: false,
    path: '$',
    json: null,
    eval: 'safe',
    // A filter that fails on some element (a missing property) just does not select it.
    ignoreEvalErrors: true
  }) as unknown as Evaluator
  return evaluator
}

/** The path would take too long or too much memory over this document: it cannot be used. */
export class JsonPathLimitError extends Error {}

/** What a search of a server's answer came to: the values found, or why the path cannot be used there. */
export type SearchResult = { found: unknown[] } | { unsearchable: string }

/**
 * Every value the path finds in a document (parsed JSON, or text for a body that is not JSON),
 * or, when the document is too deep or too large for the path, the message that says so (it
 * starts with the path). The one way the stage searches an answer.
 */
export function searchDocument(path: JsonPath, document: unknown): SearchResult {
  try {
    return { found: findAll(path, document) }
  } catch (error) {
    if (error instanceof JsonPathLimitError) return { unsearchable: error.message }
    throw error
  }
}

/** What was found, as one value: the value itself when there is one, else the list. */
export function showFound(found: unknown[]): unknown {
  return found.length === 1 ? found[0] : found
}

/**
 * How much work a search may take, counted as values visited times the length of the path to
 * each (jsonpath-plus keeps one for every value it visits). A body nested deeper than its size
 * suggests makes recursive descent explode: `$..items..id` over `items` nested 1,000 levels
 * deep in 37 KB would visit half a million values with a 1,000-step path each and run out of
 * memory. This bound keeps one evaluation to well under a second and a few tens of MB.
 */
const MAX_SEARCH_COST = 10_000_000

/**
 * How much the values a path finds may add up to, at least: overlapping matches (`$..detail` over
 * nested objects) are the same data again and again, and would be copied again and again when
 * shown. Above this, four times the document's size.
 */
const MIN_FOUND_SIZE_BOUND = 16 * 1024 ** 2

/** As searchDocument, but throws JsonPathLimitError. */
export function findAll(path: JsonPath, document: unknown): unknown[] {
  const found = search(path, document)
  const call = path.call
  if (!call) return found
  return applyFunction(
    call.fn,
    found,
    written =>
      written === '$'
        ? search(path, document, '$')
        : findAll(call.args.get(written) ?? compileJsonPath(written), document),
    // A function applied to each value found takes its arguments into each result (`concat`,
    // `append`): what it would make is bounded before it is made.
    (args, items) => boundFound(path, document, items * args.reduce((sum: number, arg) => sum + sizeOf(arg), 0))
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
    resultType: 'value' as const
  }
  let found: unknown[]
  try {
    const result = jsonPathEvaluator().evaluate(query)
    found = Array.isArray(result) ? result : []
  } catch (error) {
    // Recursion deeper than the stack: the document is too deep to search, which is not "nothing".
    if (error instanceof RangeError) {
      const { values, depth } = typeof document === 'object' ? shapeOf(document) : { values: 1, depth: 1 }
      throw tooLarge(path, values, depth)
    }
    // jsonpath-plus can still stumble on an odd document; for the stage that is "found nothing".
    return []
  }
  boundFound(
    path,
    document,
    found.reduce((sum: number, value) => sum + sizeOf(value), 0)
  )
  return found
}

/** Throws when what a path finds (or makes of it) adds up to more than the bound allows. */
function boundFound(path: JsonPath, document: unknown, total: number): void {
  // The document is measured only when the matches are large: a status path finds a string.
  const bound = total > MIN_FOUND_SIZE_BOUND ? Math.max(4 * sizeOf(document), MIN_FOUND_SIZE_BOUND) : Infinity
  if (total > bound) {
    throw new JsonPathLimitError(
      `${path.source} cannot be evaluated: the answer is too large to search with it ` +
        `(what it finds adds up to more than ${Math.round(bound / 1024 ** 2)} MB)`
    )
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

const sizes = new WeakMap<object, number>()

/**
 * About how many characters a value takes as JSON, without writing it. The size of every object
 * on the way is kept, so overlapping matches are measured in one walk, and without recursion.
 */
function sizeOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return scalarSize(value)
  const pending: Array<{ node: object; entered: boolean }> = [{ node: value, entered: false }]
  while (pending.length > 0) {
    const top = pending[pending.length - 1]
    if (sizes.has(top.node)) {
      pending.pop()
    } else if (!top.entered) {
      top.entered = true
      for (const item of Object.values(top.node)) {
        if (item !== null && typeof item === 'object' && !sizes.has(item)) pending.push({ node: item, entered: false })
      }
    } else {
      pending.pop()
      const keyed = !Array.isArray(top.node)
      let size = 2
      for (const [key, item] of Object.entries(top.node)) {
        const itemSize = item !== null && typeof item === 'object' ? (sizes.get(item) ?? 0) : scalarSize(item)
        size += (keyed ? key.length + 3 : 0) + itemSize + 1
      }
      sizes.set(top.node, size)
    }
  }
  return sizes.get(value) ?? 0
}

function scalarSize(value: unknown): number {
  return typeof value === 'string' ? value.length + 2 : String(value).length
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
