// The architecture as CONTRIBUTING.md draws it is the architecture of src/: this test reads the
// table of folders and what each may import, parses every import of src/ with TypeScript's own
// parser, and fails naming each import the table does not allow. The table and the code cannot
// drift apart; change them together.

import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const src = path.join(root, 'src')

/** Longest a file in src/ may grow: what one reader holds in mind. */
const MAX_LINES = 300

// ---------------------------------------------------------------------------------------------
// The table

interface Allowance {
  /** A row (`http/`, `*.ts`, `main.ts`), a file of a row (`redact.ts`) or `*` for anything. */
  target: string
  typesOnly: boolean
}

interface Row {
  /** As the table's first column writes it, without `src/`: `index.ts`, `*.ts`, `http/`. */
  name: string
  mayImport: Allowance[]
}

export function readTable(markdown: string): Row[] {
  const block = /<!-- architecture:start -->\n([^]*?)<!-- architecture:end -->/.exec(markdown)
  if (!block) throw new Error('CONTRIBUTING.md has no <!-- architecture:start --> … <!-- architecture:end --> table')
  const [header, rule, ...lines] = block[1].trim().split('\n')
  if (header !== '| folder | what it owns | what it may import |' || !/^\|(-+\|){3}$/.test(rule)) {
    throw new Error('the architecture table must have the columns | folder | what it owns | what it may import |')
  }
  return lines.map(line => {
    const cells = line.split('|').slice(1, -1)
    const name = /^\s*`src\/([^`]+)`\s*$/.exec(cells[0])?.[1]
    if (name === undefined || cells.length !== 3) throw new Error(`a row the test cannot read: ${line}`)
    const mayImport = [...cells[2].matchAll(/`([^`]+)`(\s*\(types\))?/g)].map(([, target, types]) => ({
      target,
      typesOnly: types !== undefined
    }))
    return { name, mayImport }
  })
}

/** The row a file of src/ belongs to: its own, else its folder's, else the root's `*.ts`. */
function rowOf(rows: Row[], file: string): Row | undefined {
  const folder = file.includes('/') ? `${file.slice(0, file.indexOf('/'))}/` : '*.ts'
  return rows.find(row => row.name === file) ?? rows.find(row => row.name === folder)
}

// ---------------------------------------------------------------------------------------------
// The code

interface Edge {
  from: string
  to: string
  typesOnly: boolean
}

function sourceFiles(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [path.relative(src, full).split(path.sep).join('/')] : []
  })
}

/** Every import of a file of src/ that names another file of src/: static, re-export, dynamic, `import()` types. */
export function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = []
  const add = (specifier: ts.Expression | undefined, typesOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return
    const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.text)).replace(/\.js$/, '.ts')
    edges.push({ from: file, to, typesOnly })
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      const named = clause?.namedBindings
      const everyNameIsType =
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every(element => element.isTypeOnly) &&
        clause?.name === undefined
      add(node.moduleSpecifier, clause !== undefined && (clause.isTypeOnly || everyNameIsType))
    } else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true)
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false)
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true))
  return edges
}

/** `from -> to` for each import the table does not allow. */
export function forbidden(rows: Row[], edges: Edge[]): string[] {
  return edges
    .filter(edge => {
      const from = rowOf(rows, edge.from)
      const to = rowOf(rows, edge.to)
      if (!from || !to) return true
      if (from === to) return false
      return !from.mayImport.some(
        allowance =>
          (allowance.target === '*' || allowance.target === to.name || allowance.target === edge.to) &&
          (edge.typesOnly || !allowance.typesOnly)
      )
    })
    .map(edge => `${edge.from} -> ${edge.to}`)
}

/** Each import circle among the files, as `a -> b -> a` (type-only imports count: they tie files too). */
export function circles(edges: Edge[]): string[] {
  const next = new Map<string, string[]>()
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to])
  const found: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const walk = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return
    if (state.get(file) === 'open') {
      found.push([...trail.slice(trail.indexOf(file)), file].join(' -> '))
      return
    }
    state.set(file, 'open')
    for (const to of next.get(file) ?? []) walk(to, [...trail, file])
    state.set(file, 'done')
  }
  for (const file of next.keys()) walk(file, [])
  return found
}

const rows = readTable(readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8'))
const files = sourceFiles()
const texts = new Map(files.map(file => [file, readFileSync(path.join(src, file), 'utf8')]))
const edges = files.flatMap(file => importsOf(file, texts.get(file) ?? ''))

describe("CONTRIBUTING.md's architecture table", () => {
  it('gives every file of src/ a row, and names only rows and files that exist', () => {
    expect(files.filter(file => rowOf(rows, file) === undefined)).toEqual([])
    const names = new Set(rows.map(row => row.name))
    const unknown = rows
      .flatMap(row => row.mayImport.map(allowance => allowance.target))
      .filter(target => target !== '*' && !names.has(target) && !texts.has(target))
    expect(unknown).toEqual([])
  })

  it('is what the imports of src/ keep to', () => {
    expect(edges.length).toBeGreaterThan(50)
    expect(forbidden(rows, edges)).toEqual([])
  })
})

describe('the check itself', () => {
  it('reads static, type-only, re-exported and dynamic imports, and skips packages', () => {
    const text = [
      "import { a, type B } from '../redact.js'",
      "import type { C } from './exchange.js'",
      "import { type D } from '../inputs/tls.js'",
      "export { e } from '../formats.js'",
      "import * as f from 'node:fs'",
      "let g: typeof import('../status.js') | undefined",
      "const h = await import('../main.js')"
    ].join('\n')
    expect(importsOf('http/decode.ts', text)).toEqual([
      { from: 'http/decode.ts', to: 'redact.ts', typesOnly: false },
      { from: 'http/decode.ts', to: 'http/exchange.ts', typesOnly: true },
      { from: 'http/decode.ts', to: 'inputs/tls.ts', typesOnly: true },
      { from: 'http/decode.ts', to: 'formats.ts', typesOnly: false },
      { from: 'http/decode.ts', to: 'status.ts', typesOnly: true },
      { from: 'http/decode.ts', to: 'main.ts', typesOnly: false }
    ])
  })

  it('refuses what the table does not give, and a value where it gives types only', () => {
    const edge = (from: string, to: string, typesOnly = false) => ({ from, to, typesOnly })
    expect(
      forbidden(rows, [
        edge('http/exchange.ts', 'tasks/webhook.ts'),
        edge('report/log.ts', 'main.ts'),
        edge('stage.ts', 'http/exchange.ts'),
        edge('stage.ts', 'http/exchange.ts', true),
        edge('tasks/monitor.ts', 'inputs/index.ts', true),
        edge('jsonpath/index.ts', 'body.ts'),
        edge('main.ts', 'inputs/index.ts'),
        edge('index.ts', 'main.ts'),
        edge('tasks/monitor.ts', 'tasks/poll.ts')
      ])
    ).toEqual([
      'http/exchange.ts -> tasks/webhook.ts',
      'report/log.ts -> main.ts',
      'stage.ts -> http/exchange.ts',
      'tasks/monitor.ts -> inputs/index.ts',
      'jsonpath/index.ts -> body.ts'
    ])
  })
})

describe('src/', () => {
  it('has no import circle, type-only imports included', () => {
    expect(circles(edges)).toEqual([])
    const edge = (from: string, to: string) => ({ from, to, typesOnly: true })
    expect(circles([edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts'), edge('c.ts', 'd.ts')])).toEqual([
      'a.ts -> b.ts -> c.ts -> a.ts'
    ])
  })

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = files.filter(file => (texts.get(file) ?? '').trimEnd().split('\n').length > MAX_LINES)
    expect(long).toEqual([])
  })
})
