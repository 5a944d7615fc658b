// Jayway's functions applied to what a path found, giving the values Jayway gives (the call was
// split off the path by jayway.ts). Where Jayway throws while evaluating, the stage has found
// nothing.

import type { FunctionArgument, FunctionCall, JaywayFunction } from './jayway.js'

/** Jayway failed: the stage treats it as found nothing. */
class NothingFound extends Error {}

/**
 * Applies a call to what its base path found. `evaluate` finds a path's values from the root
 * document (`$` gives the document itself); `bound` may refuse a call that would take its
 * arguments into each of `items` results. Never changes the values found.
 */
export function applyFunction(
  call: FunctionCall,
  found: readonly unknown[],
  evaluate: (argPath: string) => unknown[],
  bound: (args: unknown[], items: number) => void = () => {}
): unknown[] {
  try {
    const args = call.args.map(arg => argumentValue(arg, evaluate))
    if (call.scan) {
      const root = evaluate('$')
      return root.length === 0 ? [] : [invoke(call.name, root[0], [found, ...args], true)]
    }
    bound(args, found.length)
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
