// @ts-check
// npm run convert -- FILE [--out DIR]
//
// Reads what a team leaving Spinnaker has, as JSON or YAML, and writes its GitHub counterpart
// (docs/convert.md walks through it):
//   - an Orca profile (orca-local.yml, `webhook.preconfigured` at any depth) or a preconfigured
//     webhook definition → one reusable workflow per definition, DIR/<type>.yml;
//   - a pipeline whose stages use those types → one workflow whose jobs call them;
//   - a webhook stage, or a pipeline of them → steps to paste under a job's `steps:` (with
//     --out, a workflow with one job per stage).
// Without --out the files are printed as one YAML stream. What cannot be converted is a comment
// at its place: `# TODO` for untranslated SpEL and secrets to create, a note for fields with no
// input. Anything that is not a webhook stage: one line on stderr, exit code 1.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseSource, readInput } from './convert/read.mjs'
import { convertStage, skippedStage, stageName } from './convert/step.mjs'
import { emit } from './convert/emit.mjs'
import { inPipelineOrder, pipelineWorkflow, stepId } from './convert/pipeline.mjs'
import { reusableWorkflow } from './convert/workflow.mjs'

/**
 * Converts what was read: an Orca profile or definitions to reusable workflows (`files`), a
 * pipeline with stages of preconfigured types (or any, when `workflow`) to a workflow, other
 * stages to steps (`yaml`).
 * @param {unknown} json
 * @param {string} source the file name, for the header
 * @param {{ workflow?: boolean }} [options]
 * @returns {{ yaml: string } | { files: { name: string, text: string }[] } | { error: string }}
 */
export function convert(json, source, options = {}) {
  const input = readInput(json)
  if ('error' in input) return input
  const definitions = input.items.filter(item => item.kind === 'definition')
  if (definitions.length) return { files: uniqueNames(definitions.map(item => reusableWorkflow(item.stage, source))) }
  if (options.workflow || input.items.some(item => item.kind === 'preconfigured-stage')) {
    const pipeline = /** @type {Record<string, any>} */ (json)
    const whole = Array.isArray(pipeline.stages) ? pipeline : { name: stageName(input.items[0].stage) }
    return { files: [pipelineWorkflow(whole, input.items, source)] }
  }
  const items = inPipelineOrder(input.items)
  const taken = new Set()
  const ids = new Map(items.map(item => [item, item.kind === 'skipped' ? '' : stepId(item.stage, taken)]))
  const context = {
    stepIds: new Map(),
    stageNames: new Map(items.map(item => [String(item.stage.refId), stageName(item.stage)])),
    secrets: new Map(),
    workflowInputs: new Set()
  }
  const steps = items.map(item => {
    const name = stageName(item.stage)
    if (item.kind === 'skipped')
      return {
        skipped: [skippedStage(item.stage)]
      }
    // ids holds every item.
    const step = convertStage(item, /** @type {string} */ (ids.get(item)), context)
    context.stepIds.set(name, step.id)
    return step
  })
  const header = [
    ` Converted from Spinnaker (${input.what} in ${source}) by npm run convert; paste under a job's steps:.`
  ]
  if (context.workflowInputs.size)
    header.push(
      ` TODO: declare these workflow inputs (on.workflow_dispatch.inputs or on.workflow_call.inputs): ${[...context.workflowInputs].join(', ')}`
    )
  return { yaml: emit({ header, steps, trailer: [] }) }
}

/**
 * Two definitions of one type would write one file: the later ones get `-2`, `-3`.
 * @param {{ name: string, text: string }[]} files
 */
function uniqueNames(files) {
  const taken = new Set()
  return files.map(file => {
    let name = file.name
    for (let n = 2; taken.has(name); n++) name = file.name.replace(/\.yml$/, `-${n}.yml`)
    taken.add(name)
    return { ...file, name }
  })
}

/**
 * The command's arguments: one file, and `--out DIR` (or `--out=DIR`).
 * @param {string[]} args
 * @returns {{ file: string, out?: string } | null}
 */
function readArgs(args) {
  const rest = [...args]
  let out
  const at = rest.findIndex(arg => arg === '--out' || arg.startsWith('--out='))
  if (at !== -1) {
    const [flag] = rest.splice(at, 1)
    out = flag === '--out' ? rest.splice(at, 1)[0] : flag.slice('--out='.length)
    if (!out) return null
  }
  if (rest.length !== 1 || rest[0].startsWith('-')) return null
  return { file: rest[0], ...(out ? { out } : {}) }
}

/**
 * Where the command reads and writes: the process's own, or a test's.
 * @typedef {{ cwd: string, stdout: (text: string) => void, stderr: (text: string) => void }} CommandIo
 */

/**
 * Writes the converted files into `dir`, or prints them as one YAML stream.
 * @param {{ name: string, text: string }[]} files
 * @param {string | undefined} dir
 * @param {CommandIo} io
 */
function deliver(files, dir, io) {
  if (!dir) return io.stdout(files.map(file => file.text).join('---\n'))
  mkdirSync(path.resolve(io.cwd, dir), { recursive: true })
  for (const file of files) {
    writeFileSync(path.resolve(io.cwd, dir, file.name), file.text)
    io.stdout(`wrote ${path.join(dir, file.name)}\n`)
  }
}

/**
 * The command: YAML on stdout or files in --out, or one line on stderr; returns the exit code.
 * @param {string[]} args
 * @param {CommandIo} io
 * @returns {number}
 */
export function runCommand(args, io) {
  const fail = (/** @type {string} */ message) => {
    io.stderr(`convert: ${message}\n`)
    return 1
  }
  const options = readArgs(args)
  if (!options) return fail('usage: npm run convert -- FILE [--out DIR]  (a stage, a pipeline or an Orca profile)')
  const file = options.file
  let text
  try {
    text = readFileSync(path.resolve(io.cwd, file), 'utf8')
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code
    return fail(`${file}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}`)
  }
  const source = parseSource(text, file)
  if ('error' in source) return fail(`${file}: ${source.error}`)
  const result = convert(source.json, file, { workflow: Boolean(options.out) })
  if ('error' in result) return fail(`${file}: ${result.error}`)
  if ('files' in result) deliver(result.files, options.out, io)
  else io.stdout(result.yaml)
  return 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runCommand(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text)
  })
}
