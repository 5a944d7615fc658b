// Checked with GitHub's own parser (@actions/workflow-parser, the parser behind the Actions
// language service): action.yml, every workflow under .github/workflows and every YAML example
// in the docs (README.md, CONTRIBUTING.md, docs/*.md) parse without an error, and every use of
// this action passes only the inputs it declares and reads only the outputs it sets.
//
// The parser imports its JSON schemas without an import attribute, which Node refuses; vitest
// loads it through Vite instead (server.deps.inline in vitest.config.ts).

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider'
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference'
import { isMap, isScalar, isSeq, parse, parseDocument, type Node as YamlNode } from 'yaml'
import { describe, expect, it } from 'vitest'
import { actionlintFindings } from './support/actionlint.js'
import { documentationFiles, yamlBlocks, yamlFenceCount, type YamlBlock } from './support/markdown.js'

const root = path.resolve(import.meta.dirname, '..')
const workflowsDir = path.join(root, '.github', 'workflows')

/** The name the docs' examples give this action; `uses: ./` is this action too. */
const PUBLISHED_NAME = 'your-org/webhook-stage-action'

interface Example {
  /** Where it comes from, as `file:line`. */
  label: string
  kind: 'workflow file' | 'workflow' | 'jobs' | 'steps' | 'step'
  /** A whole workflow: the file or the example, wrapped when it was only jobs or steps. */
  content: string
  /** The line of the content's first line in its file, and how far wrapping moved the text. */
  firstLine: number
  addedLines: number
  addedColumns: number
  /** The repository file a docs example shows (`<!-- convert output: PATH -->`). */
  shownAs?: string
}

// ---------------------------------------------------------------------------------------------
// The files and examples

function workflowFiles(): Example[] {
  if (!existsSync(workflowsDir)) return []
  return readdirSync(workflowsDir)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .map(name => ({
      label: `.github/workflows/${name}`,
      kind: 'workflow file' as const,
      content: readFileSync(path.join(workflowsDir, name), 'utf8'),
      firstLine: 1,
      addedLines: 0,
      addedColumns: 0
    }))
}

const indent = (text: string, by: number) =>
  text
    .split('\n')
    .map(line => (line.trim() === '' ? line : ' '.repeat(by) + line))
    .join('\n')

/** Makes a whole workflow of an example: as it is, or its jobs or steps in a minimal one. */
function docsExample(block: YamlBlock): Example {
  const label = `${block.file}:${block.line}`
  const doc = parseDocument(block.text)
  if (doc.errors.length > 0) throw new Error(`${label}: the example is not YAML: ${doc.errors[0].message}`)
  const top = doc.contents
  const base = { label, firstLine: block.line, addedColumns: 0, shownAs: block.shownAs }
  if (isMap(top) && top.has('jobs')) {
    if (top.has('on')) return { ...base, kind: 'workflow', content: block.text, addedLines: 0 }
    const header = 'on: workflow_dispatch\n'
    return { ...base, kind: 'jobs', content: header + block.text, addedLines: 1 }
  }
  const header = 'on: workflow_dispatch\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n'
  if (isSeq(top)) {
    return { ...base, kind: 'steps', content: header + indent(block.text, 6), addedLines: 5, addedColumns: 6 }
  }
  if (isMap(top) && (top.has('uses') || top.has('run'))) {
    const step = '- ' + indent(block.text, 2).slice(2)
    return { ...base, kind: 'step', content: header + indent(step, 6), addedLines: 5, addedColumns: 8 }
  }
  // Skip nothing silently: an example this test cannot place is a failure, not a pass.
  throw new Error(`${label}: a YAML example that is neither a workflow, nor jobs, nor steps`)
}

const examples: Example[] = [...workflowFiles(), ...documentationFiles().flatMap(yamlBlocks).map(docsExample)]

/** A reusable workflow the docs show as a file, by the `# .github/workflows/x.yml` comment it opens with. */
const shownFiles = new Map<string, string>()
for (const example of examples) {
  const named =
    example.shownAs ?? /^#\s*(\.github\/workflows\/[\w.-]+\.ya?ml)\s*$/m.exec(example.content.split('\n')[0])?.[1]
  if (example.kind === 'workflow' && named) shownFiles.set(named, example.content)
}

// ---------------------------------------------------------------------------------------------
// GitHub's parser

/** Serves local reusable workflows: the repository's own files, else the docs'. */
const fileProvider: FileProvider = {
  async getFileContent(ref: FileReference) {
    if ('repository' in ref) throw new Error(`${ref.owner}/${ref.repository} cannot be fetched offline`)
    const name = ref.path.replace(/^\.\//, '')
    const onDisk = path.join(root, name)
    if (existsSync(onDisk)) return { name, content: readFileSync(onDisk, 'utf8') }
    const shown = shownFiles.get(name)
    if (shown === undefined) throw new Error(`${name} is neither in the repository nor in the docs`)
    return { name, content: shown }
  }
}

/** Moves the parser's `(Line: l, Col: c)` back to where the example stands in its file. */
function locate(example: Example, message: string): string {
  return message.replace(/^.*? \(Line: (\d+), Col: (\d+)\): /, (_, line: string, col: string) => {
    const at = example.firstLine + Number(line) - 1 - example.addedLines
    return `${example.label.replace(/:\d+$/, '')}:${at}:${Math.max(1, Number(col) - example.addedColumns)}: `
  })
}

async function githubErrors(example: Example): Promise<string[]> {
  const file = { name: example.label, content: example.content }
  const parsed = parseWorkflow(file, new NoOperationTraceWriter())
  if (parsed.value !== undefined) {
    // Local reusable workflows are loaded and their inputs and secrets checked against the caller;
    // a remote one cannot be fetched offline, so a workflow that calls one is checked on its own.
    const calls = Object.values(asRecord(parse(example.content)?.jobs)).map(job => asRecord(job).uses)
    const allLocal = calls.every(uses => typeof uses !== 'string' || uses.startsWith('./'))
    await convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, {
      fetchReusableWorkflowDepth: allLocal ? 1 : 0
    })
  }
  return parsed.context.errors.getErrors().map(error => locate(example, error.message))
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

// ---------------------------------------------------------------------------------------------
// action.yml

const actionFile = { name: 'action.yml', content: readFileSync(path.join(root, 'action.yml'), 'utf8') }
const actionParsed = parseAction(actionFile, new NoOperationTraceWriter())
const manifest = actionParsed.value ? convertActionTemplate(actionParsed.context, actionParsed.value) : undefined
const inputs = new Map((manifest?.inputs ?? []).map(input => [input.id, input]))
const outputs = new Set((manifest?.outputs ?? []).map(output => output.id))

describe('action.yml', () => {
  it("passes GitHub's action manifest schema", () => {
    expect(actionParsed.context.errors.getErrors().map(error => error.message)).toEqual([])
    expect(manifest?.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' })
    expect(inputs.size).toBeGreaterThan(0)
    expect(outputs.size).toBeGreaterThan(0)
  })
})

describe("GitHub's parser", () => {
  it('reports errors (so a clean result means something)', async () => {
    const badAction = parseAction(
      { name: 'bad-action.yml', content: 'name: x\ndescription: y\nruns:\n  using: node99\n  main: a.js\n' },
      new NoOperationTraceWriter()
    )
    expect(badAction.context.errors.getErrors().map(error => error.message)).toEqual([
      expect.stringContaining("Unexpected value 'node99'")
    ])
    const badWorkflow: Example = {
      label: 'bad.yml',
      kind: 'workflow file',
      content: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n',
      firstLine: 1,
      addedLines: 0,
      addedColumns: 0
    }
    expect(await githubErrors(badWorkflow)).toEqual([expect.stringContaining("Unrecognized named-value: 'nope'")])
  })
})

// ---------------------------------------------------------------------------------------------
// The workflows and the docs' examples

interface Use {
  example: Example
  job: string
  step: number
  id: string | undefined
  with: Record<string, unknown>
  /** The job's text, where its steps and its outputs read the step's outputs. */
  scope: string
}

/** The steps of an example that use this action, with the text of the job each stands in. */
function usesOfThisAction(example: Example): Use[] {
  const doc = parseDocument(example.content)
  const jobs = doc.get('jobs', true)
  const found: Use[] = []
  if (!isMap(jobs)) return found
  for (const pair of jobs.items) {
    const job = pair.value as YamlNode | null
    if (!isMap(job) || !isScalar(pair.key)) continue
    const jobName = String(pair.key.value)
    const steps = job.get('steps', true)
    if (!isSeq(steps)) continue
    const scope = job.range ? example.content.slice(job.range[0], job.range[2]) : example.content
    steps.items.forEach((step, index) => {
      const value = asRecord((step as YamlNode).toJSON())
      const uses = typeof value.uses === 'string' ? value.uses.trim() : ''
      if (uses !== './' && !uses.startsWith(`${PUBLISHED_NAME}@`)) return
      const id = typeof value.id === 'string' ? value.id : undefined
      found.push({ example, job: jobName, step: index + 1, id, with: asRecord(value.with), scope })
    })
  }
  return found
}

/** Outputs named by the step's `outputs` input (a YAML mapping of `name: JSONPath`). */
function mappedOutputs(use: Use): string[] {
  const mapping = use.with.outputs
  if (typeof mapping !== 'string') return []
  return Object.keys(asRecord(parse(mapping)))
}

/** `steps.<id>.outputs.<name>` and `steps.<id>.outputs['<name>']` in the job's text. */
function outputsRead(use: Use): string[] {
  if (use.id === undefined) return []
  const id = use.id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')
  const dotted = new RegExp(`(?<![\\w.-])steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g')
  const indexed = new RegExp(`(?<![\\w.-])steps\\.${id}\\.outputs\\[\\s*(['"])(.*?)\\1\\s*\\]`, 'g')
  return [...[...use.scope.matchAll(dotted)].map(m => m[1]), ...[...use.scope.matchAll(indexed)].map(m => m[2])]
}

let checkedExamples = 0
let checkedUses = 0
let checkedReads = 0

describe.each(examples.map(example => [example.label, example.kind, example] as const))('%s (%s)', (_, __, example) => {
  it("parses with GitHub's workflow parser, without an error", async () => {
    expect(await githubErrors(example)).toEqual([])
    checkedExamples++
  })

  it('passes this action only the inputs it declares, and reads only the outputs it sets', () => {
    const problems: string[] = []
    for (const use of usesOfThisAction(example)) {
      const where = `${example.label} job ${use.job} step ${use.step}`
      for (const key of Object.keys(use.with)) {
        if (!inputs.has(key)) problems.push(`${where}: with: ${key} is not an input of action.yml`)
      }
      for (const [name, input] of inputs) {
        if (input.required && input.default === undefined && !(name in use.with)) {
          problems.push(`${where}: the required input ${name} is missing`)
        }
      }
      const allowed = new Set([...outputs, ...mappedOutputs(use)])
      for (const name of outputsRead(use)) {
        if (!allowed.has(name)) {
          problems.push(
            `${where}: steps.${use.id}.outputs.${name} is neither an output of action.yml nor mapped in outputs`
          )
        }
        checkedReads++
      }
      checkedUses++
    }
    expect(problems).toEqual([])
  })
})

describe('the check itself', () => {
  // Runs after the examples (vitest runs a file's tests in order): nothing was skipped.
  it('checked every workflow file and every YAML example of the docs', () => {
    const fences = documentationFiles().reduce((sum, file) => sum + yamlFenceCount(file), 0)
    expect(fences).toBeGreaterThan(0)
    expect(examples.filter(example => example.kind !== 'workflow file')).toHaveLength(fences)
    expect(examples.filter(example => example.kind === 'workflow file').length).toBeGreaterThan(0)
    expect(checkedExamples).toBe(examples.length)
    expect(checkedUses).toBeGreaterThan(0)
    expect(checkedReads).toBeGreaterThan(0)
  })
})

// ---------------------------------------------------------------------------------------------
// The audit every shipped workflow passes: no token left in .git/config for later steps, no
// script fetched and run unchecked, and a token that can only read unless a job asks for more.

const SCRIPT_PIPED_TO_SHELL = [
  /\b(?:curl|wget)\b[^\n|;&]*\|\s*(?:sudo\s+)?(?:env\s+)?(?:ba|da|k|z)?sh\b/,
  /(?:ba|da|k|z)?sh\s+(?:-\w+\s+)*<\(\s*(?:curl|wget)\b/,
  /(?:ba|da|k|z)?sh\s+-c\s+["']?\$\(\s*(?:curl|wget)\b/
]

/** What a workflow does that the audit forbids, one line each; none means it passes. */
function auditProblems(label: string, content: string): string[] {
  const workflow = asRecord(parse(content))
  const problems: string[] = []
  const permissions = workflow.permissions
  if (permissions === undefined) problems.push(`${label}: no top-level permissions:`)
  else if (typeof permissions === 'string' && permissions !== 'read-all') {
    problems.push(`${label}: top-level permissions: ${permissions}`)
  } else {
    for (const [scope, access] of Object.entries(asRecord(permissions))) {
      if (access === 'write') problems.push(`${label}: top-level permissions grant ${scope}: write`)
    }
  }
  for (const [jobName, job] of Object.entries(asRecord(workflow.jobs))) {
    const steps = asRecord(job).steps
    ;(Array.isArray(steps) ? steps : []).forEach((value, index) => {
      const step = asRecord(value)
      const where = `${label} job ${jobName} step ${index + 1}`
      const persist = asRecord(step.with)['persist-credentials']
      if (typeof step.uses === 'string' && /^actions\/checkout@/.test(step.uses) && String(persist) !== 'false') {
        problems.push(`${where}: actions/checkout without persist-credentials: false`)
      }
      if (typeof step.run === 'string' && SCRIPT_PIPED_TO_SHELL.some(pattern => pattern.test(step.run as string))) {
        problems.push(`${where}: runs a downloaded script through a shell`)
      }
    })
  }
  return problems
}

describe('the shipped workflows', () => {
  it.each(workflowFiles().map(file => [file.label, file] as const))('%s passes the audit', (label, file) => {
    expect(auditProblems(label, file.content)).toEqual([])
  })

  it('the audit finds a checkout that keeps its token, wide permissions and a piped script', () => {
    const step = (text: string) => `on: push\npermissions:\n  contents: read\njobs:\n  a:\n    steps:\n${text}`
    expect(auditProblems('a.yml', step('      - uses: actions/checkout@v6\n'))).toEqual([
      'a.yml job a step 1: actions/checkout without persist-credentials: false'
    ])
    expect(
      auditProblems('a.yml', step('      - uses: actions/checkout@v6\n        with: { persist-credentials: true }\n'))
    ).toHaveLength(1)
    expect(auditProblems('a.yml', 'on: push\njobs: {}\n')).toEqual(['a.yml: no top-level permissions:'])
    expect(auditProblems('a.yml', 'on: push\npermissions: write-all\njobs: {}\n')).toEqual([
      'a.yml: top-level permissions: write-all'
    ])
    expect(auditProblems('a.yml', 'on: push\npermissions:\n  contents: write\njobs: {}\n')).toEqual([
      'a.yml: top-level permissions grant contents: write'
    ])
    for (const run of [
      'curl -fsSL https://example.com/install.sh | bash',
      'wget -qO- https://example.com/install.sh | sudo sh -s -- 1.7',
      'bash <(curl -fsSL https://example.com/install.bash) 1.7.12 "$RUNNER_TEMP"',
      'sh -c "$(curl -fsSL https://example.com/install.sh)"'
    ]) {
      expect(auditProblems('a.yml', step(`      - run: ${JSON.stringify(run)}\n`)), run).toEqual([
        'a.yml job a step 1: runs a downloaded script through a shell'
      ])
    }
    // A download that is only saved, or a local server polled, is not a script run.
    expect(
      auditProblems('a.yml', step('      - run: curl -sf -o /dev/null http://127.0.0.1:8787/jobs | tee log\n'))
    ).toEqual([])
  })
})

describe('actionlint', () => {
  it('finds nothing wrong in the workflows', async () => {
    // Every workflow file under .github/workflows, as actionlint's command line finds them.
    const files = workflowFiles().map(file => path.join(root, file.label))
    expect(files.length).toBeGreaterThan(0)
    expect(await actionlintFindings(files)).toEqual([])
  }, 60_000)

  it("finds nothing wrong in the docs' examples", async () => {
    // Each example as the whole workflow GitHub's parser saw, in a folder of its own; the file
    // names say where in the docs it came from.
    const dir = mkdtempSync(path.join(tmpdir(), 'docs-examples-'))
    const shown = examples.filter(example => example.kind !== 'workflow file')
    const files = shown.map(example => path.join(dir, `${example.label.replace(/[^\w.-]+/g, '_')}.yml`))
    shown.forEach((example, index) => writeFileSync(files[index], example.content))
    expect(new Set(files).size).toBe(shown.length)
    const findings = await actionlintFindings(files)
    rmSync(dir, { recursive: true })
    expect(findings).toEqual([])
  }, 60_000)
})
