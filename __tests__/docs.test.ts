// What the docs teach is safe to copy. A value a server chose (build-info, a mapped output,
// response, error, progress) written inline as `${{ … }}` in a `run:` script becomes part of the
// script before the shell sees it: a server could inject commands. Every example therefore hands
// such outputs to the script through `env:`; this test holds every YAML example in every Markdown
// file, and every workflow file, to that.

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { Lexer, Parser } from '@actions/expressions'
import {
  ContextAccess,
  type Expr,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Unary,
  Binary
} from '@actions/expressions/ast'
import { isScalar, LineCounter, parseDocument, visit } from 'yaml'
import { describe, expect, it } from 'vitest'
import { markdownFiles, root, yamlBlocks, yamlFenceCount } from './support/markdown.js'

/** Contexts whose entries hand on outputs: a step's, a job's (in a reusable workflow), a needed job's. */
const OUTPUT_CONTEXTS = new Set(['steps', 'jobs', 'needs'])
/** What such an entry holds besides its outputs: words the runner writes, never a server. */
const RUNNER_WORDS = new Set(['outcome', 'conclusion', 'result'])
const ALL_CONTEXTS = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs'
]

/** The text inside each `${{ … }}`; a quoted string in an expression may hold `}}`. */
const expressionsIn = (script: string) =>
  [...script.matchAll(/\$\{\{((?:'(?:[^']|'')*'|[^'}]|\}(?!\}))*)\}\}/g)].map(match => match[1])

const keyOf = (index: Expr) =>
  index instanceof Literal
    ? String(index.token.value ?? index.token.lexeme)
    : index.constructor.name === 'Star'
      ? '*'
      : '?'

/** Each read in the expression that can yield an output of a step or a job, as written. */
export function outputReads(source: string): string[] {
  const reads: string[] = []
  const walk = (node: Expr): void => {
    if (node instanceof IndexAccess || node instanceof ContextAccess) {
      const keys: string[] = []
      let base: Expr = node
      while (base instanceof IndexAccess) {
        keys.unshift(keyOf(base.index))
        walk(base.index)
        base = base.expr
      }
      if (!(base instanceof ContextAccess)) return walk(base)
      const context = base.name.lexeme.toLowerCase()
      if (OUTPUT_CONTEXTS.has(context) && !RUNNER_WORDS.has(keys[1]?.toLowerCase()))
        reads.push([context, ...keys].join('.'))
    } else if (node instanceof FunctionCall || node instanceof Logical) node.args.forEach(walk)
    else if (node instanceof Binary) [node.left, node.right].forEach(walk)
    else if (node instanceof Unary) walk(node.expr)
    else if (node instanceof Grouping) walk(node.group)
  }
  walk(new Parser(new Lexer(source).lex().tokens, ALL_CONTEXTS, []).parse())
  return reads
}

interface Source {
  /** The file, and the line its YAML starts on within it. */
  file: string
  line: number
  text: string
}

const workflowsDir = path.join(root, '.github', 'workflows')
const workflowFiles: Source[] = readdirSync(workflowsDir)
  .filter(name => /\.ya?ml$/.test(name))
  .sort()
  .map(name => ({
    file: `.github/workflows/${name}`,
    line: 1,
    text: readFileSync(path.join(workflowsDir, name), 'utf8')
  }))
const examples: Source[] = markdownFiles().flatMap(yamlBlocks)

/** `file:line: run reads …` for each inline output read in a `run:` script of the YAML. */
function inlineOutputReads(source: Source): string[] {
  const lineCounter = new LineCounter()
  const doc = parseDocument(source.text, { lineCounter })
  const problems: string[] = []
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'run' || !isScalar(pair.value)) return
      const at = source.line + lineCounter.linePos(pair.value.range?.[0] ?? 0).line - 1
      for (const expression of expressionsIn(String(pair.value.value))) {
        for (const read of outputReads(expression)) {
          problems.push(`${source.file}:${at}: run: reads ${read} inline; pass it through env: and use "$VAR"`)
        }
      }
    }
  })
  return problems
}

describe('the check itself', () => {
  it.each([
    ['steps.deploy.outputs.image', ['steps.deploy.outputs.image']],
    ["fromJSON(steps.deploy.outputs['build-info']).url", ['steps.deploy.outputs.build-info']],
    ['needs.deploy.outputs.error', ['needs.deploy.outputs.error']],
    ['jobs.deploy.outputs.status', ['jobs.deploy.outputs.status']],
    ['toJSON(needs)', ['needs']],
    ['steps.*.outputs.response', ['steps.*.outputs.response']],
    ["format('{0}', steps.a.outputs.progress) || 'none'", ['steps.a.outputs.progress']],
    ['steps.deploy.outcome', []],
    ["needs.deploy.result == 'success'", []],
    ['github.sha', []],
    ["'steps.deploy.outputs.image'", []]
  ])('finds the output reads in ${{ %s }}', (expression, reads) => {
    expect(outputReads(expression)).toEqual(reads)
  })

  it('finds each expression of a script, even one whose string holds }}', () => {
    const script = `echo "\${{ steps.a.outputs.b }}" && echo \${{ format('}}{0}', needs.c.outputs.d) }}`
    expect(expressionsIn(script).flatMap(outputReads)).toEqual(['steps.a.outputs.b', 'needs.c.outputs.d'])
  })

  it('reads every ```yaml block of every Markdown file, and every workflow file', () => {
    const fences = markdownFiles().reduce((sum, file) => sum + yamlFenceCount(file), 0)
    expect(fences).toBeGreaterThan(0)
    expect(examples).toHaveLength(fences)
    expect(workflowFiles.length).toBeGreaterThan(0)
  })
})

describe.each([...workflowFiles, ...examples].map(source => [`${source.file}:${source.line}`, source] as const))(
  '%s',
  (_, source) => {
    it('hands step and job outputs to run: scripts through env:, never inline', () => {
      expect(inlineOutputReads(source)).toEqual([])
    })
  }
)

/** The Markdown outside code blocks: what GitHub renders as text, links and headings. */
const prose = (markdown: string) => markdown.replace(/^(\s*)(`{3,}|~{3,})[^]*?^\1\2\s*$/gm, '')
const readDoc = (file: string) => readFileSync(path.join(root, file), 'utf8')

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
const anchorsOf = (file: string) =>
  new Set(
    [...prose(readDoc(file)).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map(([, heading]) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-')
    )
  )

/** `file: target` for each relative link of the Markdown that leads nowhere. */
function brokenLinks(file: string, markdown = readDoc(file)): string[] {
  const broken: string[] = []
  for (const [, target] of prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue
    const [pathPart, anchor] = target.split('#', 2)
    const linked = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart))
    if (linked.startsWith('..') || !existsSync(path.join(root, linked)))
      broken.push(`${file}: ${target} (no such file)`)
    else if (anchor !== undefined && linked.endsWith('.md') && !anchorsOf(linked).has(anchor)) {
      broken.push(`${file}: ${target} (no such heading)`)
    }
  }
  return broken
}

describe('links between the docs', () => {
  it('finds a missing file or heading, and passes what exists (so a clean result means something)', () => {
    const markdown = [
      '[ok](../README.md#versioning) [ok](recipes.md#in-a-reusable-workflow) [ok](https://example.com/x.md)',
      '[gone](recipes.md#githubworkflowsdeployyml) [gone](missing.md) [gone](#nowhere)',
      '```md\n[in a code block](missing-too.md)\n```'
    ].join('\n')
    expect(brokenLinks('docs/example.md', markdown)).toEqual([
      'docs/example.md: recipes.md#githubworkflowsdeployyml (no such heading)',
      'docs/example.md: missing.md (no such file)',
      'docs/example.md: #nowhere (no such file)'
    ])
  })

  it.each(markdownFiles())('%s links only to files and headings that exist', file => {
    expect(brokenLinks(file)).toEqual([])
  })
})
