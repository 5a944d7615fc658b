// npm run convert -- stage.json
//
// Reads a Spinnaker webhook stage as JSON (one stage, a pipeline with a `stages` list, or
// preconfigured webhook definitions from Orca's configuration) and prints the equivalent
// workflow steps as YAML, ready to paste under a job's `steps:`. What cannot be converted is a
// comment at its place: `# TODO` for untranslated SpEL and secrets to create, a note for fields
// with no input. Anything that is not a webhook stage: one line on stderr, exit code 1.

import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { readInput } from './convert/read.mjs'
import { convertStage, stageName } from './convert/step.mjs'
import { emit } from './convert/emit.mjs'

/**
 * A step id: a slug of the name (or the refId), starting with a letter, unique in `taken`.
 * @param {import('./convert/read.mjs').Json} stage
 * @param {Set<string>} taken
 */
function stepId(stage, taken) {
  const slug = (/** @type {unknown} */ text) =>
    String(text ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '-')
      .replace(/^[-0-9_]+|-+$/g, '')
  const base = slug(stage.name ?? stage.label) || slug(`stage-${stage.refId ?? stage.type ?? ''}`) || 'webhook'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  taken.add(id)
  return id
}

/**
 * Pipeline order: a stage after the stages it requires (requisiteStageRefIds), otherwise as listed.
 * @template {{ stage: import('./convert/read.mjs').Json }} T
 * @param {T[]} items
 * @returns {T[]}
 */
function inPipelineOrder(items) {
  const done = new Set()
  const ordered = []
  const refIds = new Set(items.map(item => String(item.stage.refId)))
  const ready = (/** @type {T} */ item) =>
    (item.stage.requisiteStageRefIds ?? []).every(ref => done.has(String(ref)) || !refIds.has(String(ref)))
  let left = [...items]
  while (left.length) {
    const next = left.find(ready) ?? left[0]
    ordered.push(next)
    done.add(String(next.stage.refId))
    left = left.filter(item => item !== next)
  }
  return ordered
}

/**
 * Converts parsed JSON to the YAML text of the steps.
 * @param {unknown} json
 * @param {string} source the file name, for the header
 * @returns {{ yaml: string } | { error: string }}
 */
export function convert(json, source) {
  const input = readInput(json)
  if ('error' in input) return input
  const items = inPipelineOrder(input.items)
  const taken = new Set()
  const ids = new Map(items.map(item => [item, item.kind === 'skipped' ? '' : stepId(item.stage, taken)]))
  const context = {
    stepIds: new Map(),
    stageNames: new Map(items.map(item => [String(item.stage.refId), stageName(item.stage)])),
    secrets: new Set(),
    workflowInputs: new Set()
  }
  const steps = items.map(item => {
    const name = stageName(item.stage)
    if (item.kind === 'skipped')
      return {
        skipped: [
          ` skipped stage ${JSON.stringify(name)} (type ${item.stage.type ?? 'unknown'}): not a webhook stage, convert it by hand`
        ]
      }
    const step = convertStage(item, ids.get(item), context)
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

/** The command: one file name, YAML on stdout, or one line on stderr and exit code 1. */
function main(/** @type {string[]} */ args) {
  const fail = (/** @type {string} */ message) => {
    process.stderr.write(`convert: ${message}\n`)
    process.exitCode = 1
  }
  if (args.length !== 1 || args[0].startsWith('-')) return fail('usage: npm run convert -- stage.json')
  let json
  try {
    json = JSON.parse(readFileSync(args[0], 'utf8'))
  } catch (error) {
    const reason = /** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT' ? 'no such file' : 'not valid JSON'
    return fail(`${args[0]}: ${reason}`)
  }
  const result = convert(json, args[0])
  if ('error' in result) return fail(`${args[0]}: ${result.error}`)
  process.stdout.write(result.yaml)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2))
