// Status mapping: the value a poll's status path finds, read as SUCCEEDED, CANCELED, TERMINAL or
// still running.

export type FinalStatus = 'SUCCEEDED' | 'CANCELED' | 'TERMINAL'

/** Status values of each list, trimmed and lower-cased. */
export interface StatusLists {
  success: ReadonlySet<string>
  canceled: ReadonlySet<string>
  terminal: ReadonlySet<string>
}

/** What a status path that finds nothing or null means (missing-status). */
export type MissingStatus = 'terminal' | 'running'

/** `percent`: the value was a number that no list names, read as a percentage. */
export type StatusReading =
  | { kind: 'final'; status: FinalStatus; value: string; percent?: number }
  | { kind: 'running'; value: string; percent?: number }
  /** missing-status: running, and the path found nothing or null: the work has not reported one yet. */
  | { kind: 'not-yet'; found: string }
  | { kind: 'unusable'; found: string }

export function normalizeStatus(value: string): string {
  return value.trim().toLowerCase()
}

/**
 * Reads what a status path found. It must be exactly one string, number or boolean (or a list
 * holding exactly one). A value that matches a list is final; a number no list names is a
 * percentage, 100 meaning done; any other value means the job is still running. Nothing or
 * null (alone or as a list's only item) is unusable, or "not yet" with missing-status: running.
 */
export function readStatus(
  found: readonly unknown[],
  lists: StatusLists,
  missing: MissingStatus = 'terminal'
): StatusReading {
  const value = found.length === 1 ? unwrapSingle(found[0]) : undefined
  if (missing === 'running' && (found.length === 0 || (found.length === 1 && value === null))) {
    return { kind: 'not-yet', found: describeFound(found) }
  }
  if (!isScalar(value)) return { kind: 'unusable', found: describeFound(found) }
  const text = String(value)
  const key = normalizeStatus(text)
  if (lists.success.has(key)) return { kind: 'final', status: 'SUCCEEDED', value: text }
  if (lists.canceled.has(key)) return { kind: 'final', status: 'CANCELED', value: text }
  if (lists.terminal.has(key)) return { kind: 'final', status: 'TERMINAL', value: text }
  if (typeof value === 'number') {
    return value === 100
      ? { kind: 'final', status: 'SUCCEEDED', value: text, percent: value }
      : { kind: 'running', value: text, percent: value }
  }
  return { kind: 'running', value: text }
}

function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value
}

function isScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
  )
}

/** What a path found, for an error message: `nothing`, `2 values`, `an object`, `null` … */
export function describeFound(found: readonly unknown[]): string {
  if (found.length === 0) return 'nothing'
  if (found.length > 1) return `${found.length} values`
  const value = found[0]
  if (value === null) return 'null'
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list'
    return value.length === 1 ? `a list holding ${describeFound(value)}` : `a list of ${value.length} values`
  }
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
