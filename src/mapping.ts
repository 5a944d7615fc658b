// Reads the flat mappings that inputs are written in (`headers`, `outputs`, a form payload):
// a YAML block mapping (`Name: value` per line) or a JSON object.
// Scalars are kept exactly as written: a YAML or JSON parser would turn `2.0` into `2` and
// `0123` into `123`, which changes what a header sends.

export type MappingValue = string | string[]
export type Mapping = Array<[key: string, value: MappingValue]>

export class MappingError extends Error {}

export function parseMapping(text: string): Mapping {
  const trimmed = text.trim()
  if (trimmed === '') return []
  return trimmed.startsWith('{') ? parseJsonObject(trimmed) : parseYamlBlock(text)
}

// ---- JSON -------------------------------------------------------------------------------

const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const JSON_LITERAL = /true|false|null/y
const JSON_SPACE = /[ \t\r\n]*/y

/** A JSON object whose values are scalars or lists of scalars, scalars kept as written. */
export function parseJsonObject(text: string): Mapping {
  let at = 0
  const space = (): void => {
    JSON_SPACE.lastIndex = at
    JSON_SPACE.exec(text)
    at = JSON_SPACE.lastIndex
  }
  const expect = (char: string): void => {
    space()
    if (text[at] !== char) fail(`expected \`${char}\``)
    at++
  }
  const fail = (what: string): never => {
    throw new MappingError(`not a JSON object: ${what} at character ${at + 1}`)
  }
  const token = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at
    const match = pattern.exec(text)
    if (!match) return undefined
    at = pattern.lastIndex
    return match[0]
  }
  const string = (): string | undefined => {
    const raw = token(JSON_STRING)
    return raw === undefined ? undefined : (JSON.parse(raw) as string)
  }
  const scalar = (key: string): string => {
    space()
    const quoted = string()
    if (quoted !== undefined) return quoted
    const raw = token(JSON_NUMBER) ?? token(JSON_LITERAL)
    if (raw !== undefined) return raw === 'null' ? '' : raw
    if (text[at] === '{' || text[at] === '[') {
      throw new MappingError(`"${key}" holds a nested ${text[at] === '{' ? 'object' : 'list'}`)
    }
    return fail('expected a value')
  }

  const entries: Mapping = []
  expect('{')
  space()
  if (text[at] === '}') at++
  else {
    for (;;) {
      space()
      const key = string() ?? fail('expected a quoted name')
      expect(':')
      space()
      if (text[at] === '[') {
        at++
        const items: string[] = []
        space()
        if (text[at] === ']') at++
        else {
          for (;;) {
            items.push(scalar(key))
            space()
            if (text[at] === ']') break
            expect(',')
          }
          at++
        }
        entries.push([key, items])
      } else {
        entries.push([key, scalar(key)])
      }
      space()
      if (text[at] === '}') {
        at++
        break
      }
      expect(',')
    }
  }
  space()
  if (at < text.length) fail('unexpected text after the object')
  return entries
}

// ---- YAML -------------------------------------------------------------------------------

/** A YAML block mapping of scalars and lists of scalars (block `- item` or flow `[a, b]`). */
function parseYamlBlock(text: string): Mapping {
  const entries: Mapping = []
  // Lists opened by a `Name:` line with nothing after it; `- item` lines fill the last one.
  const blockLists = new Set<string[]>()
  let openList: string[] | undefined
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const where = `line ${index + 1}`
    const line = stripComment(rawLine)
    if (line.trim() === '') return
    const item = /^\s*-(?:\s+(.*))?$/.exec(line)
    if (item) {
      if (!openList) throw new MappingError(`${where}: a list item belongs under a \`Name:\` line`)
      openList.push(yamlScalar((item[1] ?? '').trim(), where))
      return
    }
    if (/^\s/.test(line)) throw new MappingError(`${where}: unexpected indentation`)
    const pair = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(line)
    if (!pair) throw new MappingError(`${where}: expected \`Name: value\``)
    const key = yamlScalar(pair[1], where)
    const rest = (pair[2] ?? '').trim()
    openList = undefined
    if (rest === '') {
      openList = []
      blockLists.add(openList)
      entries.push([key, openList])
    } else {
      entries.push([key, rest.startsWith('[') ? yamlFlowList(rest, where) : yamlScalar(rest, where)])
    }
  })
  // `Name:` with neither a value nor list items is an empty value.
  return entries.map(([key, value]) =>
    Array.isArray(value) && value.length === 0 && blockLists.has(value) ? [key, ''] : [key, value]
  )
}

/** YAML comments start at `#` at the line's start or after whitespace, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quote) {
      if (char === '\\' && quote === '"') i++
      else if (char === quote) quote = undefined
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s:[,-]/.test(line[i - 1])) quote = char
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i)
    }
  }
  return line
}

function yamlScalar(text: string, where: string): string {
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) {
      throw new MappingError(
        `${where}: ${/^"(?:[^"\\]|\\.)*"/.test(text) ? 'text after a quoted value' : 'unclosed double quote'}`
      )
    }
    try {
      return JSON.parse(text) as string
    } catch {
      throw new MappingError(`${where}: bad escape in a double-quoted value`)
    }
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) {
      throw new MappingError(
        `${where}: ${/^'(?:[^']|'')*'/.test(text) ? 'text after a quoted value' : 'unclosed single quote'}`
      )
    }
    return text.slice(1, -1).replace(/''/g, "'")
  }
  if (text === '|' || text === '>' || /^[|>][+-]?\d*$/.test(text)) {
    throw new MappingError(`${where}: multi-line values are not supported`)
  }
  if (text.startsWith('{')) throw new MappingError(`${where}: nested mappings are not supported`)
  return text === '~' || text === 'null' ? '' : text
}

function yamlFlowList(text: string, where: string): string[] {
  if (!text.endsWith(']')) throw new MappingError(`${where}: unclosed \`[\``)
  const inner = text.slice(1, -1).trim()
  if (inner === '') return []
  const items: string[] = []
  const item = /\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]*?)\s*(?:,|$)/y
  let at = 0
  while (at < inner.length) {
    item.lastIndex = at
    const match = item.exec(inner)
    if (!match || item.lastIndex === at) throw new MappingError(`${where}: bad list`)
    items.push(yamlScalar(match[1], where))
    at = item.lastIndex
  }
  return items
}
