// Reads the flat mappings that inputs are written in (`headers`, `outputs`, `poll-retry-limits`,
// a form payload): any YAML mapping (JSON is YAML) whose values are scalars or lists of scalars.
// The failsafe schema keeps every scalar as written: `2.0`, `0123`, `true`, `~` and `null` stay
// text, so a header sends exactly what the user wrote.

import type { Node } from 'yaml'

/** The yaml package, loaded only when an input holds a mapping: it is a fifth of the bundle's start-up. */
let yaml: typeof import('yaml') | undefined

/** Loads the YAML reader; parseMapping needs it for any text that is not empty. */
export async function loadMappingReader(): Promise<void> {
  yaml ??= await import('yaml')
}

export type MappingValue = string | string[]
export type Mapping = Array<[key: string, value: MappingValue]>

export class MappingError extends Error {}

/** YAML's own rules that surprise people most, with what to do about them. */
const HINTS: Readonly<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: "quote a value that holds ': '",
  BAD_SCALAR_START: 'quote a value that starts with @ or `',
  DUPLICATE_KEY: 'give a name once'
}

export function parseMapping(text: string): Mapping {
  if (text.trim() === '') return []
  if (!yaml) throw new Error('the YAML reader is not loaded (loadMappingReader)')
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml
  const lines = new LineCounter()
  const document = parseDocument(text, {
    schema: 'failsafe',
    prettyErrors: false,
    uniqueKeys: true,
    lineCounter: lines
  })
  const [error] = document.errors
  if (error) {
    // The message never quotes the text: a header's value may be a secret.
    const { line, col } = lines.linePos(error.pos[0])
    const hint = HINTS[error.code] ? ` (${HINTS[error.code]})` : ''
    throw new MappingError(`${error.message.replace(/\.$/, '')} at line ${line}, column ${col}${hint}`)
  }
  const root = document.contents
  if (root === null || (isScalar(root) && root.value === '')) return []
  if (!isMap(root)) throw new MappingError('expected a mapping of `name: value`, one per line')
  return root.items.map(({ key, value }) => {
    const name = scalarText(key as Node | null, 'a name')
    const node = resolved(value as Node | null)
    if (isSeq(node)) return [name, node.items.map(item => scalarText(item as Node, `an item of ${name}`))]
    return [name, scalarText(node, `the value of ${name}`)]
  })

  /** An alias (`*shared`) stands for the node its anchor (`&shared`) marks; the document's parser resolved it. */
  function resolved(node: Node | null): Node | null {
    if (!isAlias(node)) return node
    const target = node.resolve(document) as Node | undefined
    if (!target) throw new MappingError(`the alias *${node.source} names no anchor before it`)
    return target
  }

  function scalarText(written: Node | null, what: string): string {
    const node = resolved(written)
    if (node === null) return ''
    if (isScalar(node)) return String(node.value)
    throw new MappingError(`${what} is a ${isMap(node) ? 'nested mapping' : 'list'}, where text was expected`)
  }
}
