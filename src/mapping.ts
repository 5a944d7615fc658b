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
  DUPLICATE_KEY: 'give a name once',
  UNEXPECTED_TOKEN: 'quote a value that starts with a YAML indicator such as > | [ {',
  TAG_RESOLVE_FAILED: 'quote a value that starts with !',
  BAD_DIRECTIVE: 'quote a line that starts with %'
}

/**
 * The yaml package's messages that quote none of the text: the others (an unexpected token, a
 * block scalar's header, a tag, a directive, an escape) may quote a header's value, which may be
 * a secret, and are said in words of our own.
 */
const QUOTES_NOTHING = new Set([
  // Its one character quoted is @ or `.
  'BAD_SCALAR_START',
  'MISSING_CHAR',
  'BLOCK_AS_IMPLICIT_KEY',
  'DUPLICATE_KEY',
  'TAB_AS_INDENT',
  'BAD_INDENT',
  'MULTILINE_IMPLICIT_KEY',
  'KEY_OVER_1024_CHARS',
  'MULTIPLE_DOCS',
  'BLOCK_IN_FLOW',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_TAGS',
  'ALIAS_PROPS',
  'NON_STRING_KEY'
])

const OWN_WORDS: Readonly<Record<string, string>> = {
  BAD_DQ_ESCAPE: 'an escape sequence that double quotes do not have (single quotes take text as written)',
  TAG_RESOLVE_FAILED: 'a tag this reader does not know',
  BAD_DIRECTIVE: 'a directive this reader does not know',
  BAD_PROP_ORDER: 'an anchor or tag before its indicator'
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
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset)
    return `at line ${line}, column ${col}`
  }
  // An unknown tag or directive is only a warning to yaml, which then drops it: a header would
  // be sent without the text the user wrote.
  const [error] = [...document.errors, ...document.warnings.filter(w => w.code in OWN_WORDS)]
  if (error) {
    // The message never quotes the text: a header's value may be a secret.
    const said = QUOTES_NOTHING.has(error.code)
      ? error.message.replace(/\.$/, '')
      : (OWN_WORDS[error.code] ?? 'text that is not YAML')
    const hint = HINTS[error.code] ? ` (${HINTS[error.code]})` : ''
    throw new MappingError(`${said} ${at(error.pos[0])}${hint}`)
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
    if (!target)
      throw new MappingError(
        `an alias (*) names no anchor before it ${at(node.range?.[0] ?? 0)} (quote a value that starts with *)`
      )
    return target
  }

  function scalarText(written: Node | null, what: string): string {
    const node = resolved(written)
    if (node === null) return ''
    if (isScalar(node)) return String(node.value)
    throw new MappingError(`${what} is a ${isMap(node) ? 'nested mapping' : 'list'}, where text was expected`)
  }
}
