// @ts-check
// A pipeline whose stages use preconfigured webhook types, as one workflow: each such stage a job
// that calls the reusable workflow converted from its definition, each webhook stage a job with
// its step, `requisiteStageRefIds` as `needs:`. Other stages stay comments and hand their own
// requisites on, so that the order holds.

import YAML from 'yaml'
import { comment, stepNode } from './emit.mjs'
import { oneLine, present } from './fields.mjs'
import { literal } from './literal.mjs'
import { inputId, translateSpel } from './spel.mjs'
import { convertStage, skippedStage, stageName } from './step.mjs'
import { commentAt, inputsNode, nameWorkflow, parameterInput, workflowFile } from './workflow.mjs'

/**
 * @typedef {import('./read.mjs').Json} Json
 * @typedef {import('./read.mjs').WebhookItem | import('./read.mjs').SkippedItem} Item
 */

/** The outputs a later stage may read from a webhook stage's job (as `needs.<id>.outputs`). */
const JOB_OUTPUTS = ['status', 'build-info', 'response']

/** Fields of a preconfigured stage that `uses:`, `with:` and `needs:` already carry. */
const PLACED = new Set(['name', 'refId', 'type', 'requisiteStageRefIds', 'parameterValues', 'parameterData'])

/**
 * A step or job id: a slug of the name (or the refId), starting with a letter, unique in `taken`.
 * @param {Json} stage
 * @param {Set<string>} taken
 */
export function stepId(stage, taken) {
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
 * @template {{ stage: Json }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function inPipelineOrder(items) {
  const done = new Set()
  const ordered = []
  const refIds = new Set(items.map(item => String(item.stage.refId)))
  const ready = (/** @type {T} */ item) =>
    (item.stage.requisiteStageRefIds ?? []).every(
      (/** @type {unknown} */ ref) => done.has(String(ref)) || !refIds.has(String(ref))
    )
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
 * The jobs a stage's job needs: its requisites' jobs, through any stage left as a comment.
 * @param {Json} stage
 * @param {Map<string, Item>} byRef
 * @param {Map<Item, string>} jobIds
 * @param {Set<string>} [visited]
 * @returns {string[]}
 */
function needsOf(stage, byRef, jobIds, visited = new Set()) {
  const refs = Array.isArray(stage.requisiteStageRefIds) ? stage.requisiteStageRefIds.map(String) : []
  return refs.flatMap(ref => {
    const item = byRef.get(ref)
    if (!item || visited.has(ref)) return []
    visited.add(ref)
    const id = jobIds.get(item)
    return id ? [id] : needsOf(item.stage, byRef, jobIds, visited)
  })
}

/**
 * A stage of a preconfigured type: a job that calls its reusable workflow.
 * @param {Json} stage
 * @param {import('./step.mjs').Context} context
 * @returns {{ job: Record<string, unknown>, comments: Map<string, string[]>, above: string[] }}
 */
function callingJob(stage, context) {
  const comments = new Map()
  /** @type {Record<string, string>} */
  const values = {}
  for (const [name, value] of Object.entries(stage.parameterValues ?? {})) {
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    const spel = translateSpel(text, { ...context, self: stageName(stage) }, name)
    for (const done of spel.translated) {
      if (done.input) context.workflowInputs.add(done.input)
      if (done.stage) context.needs?.add(done.stage)
    }
    // The reusable workflow declared the parameter under this id.
    values[inputId(name)] = spel.text
    if (spel.untranslated.length)
      comments.set(inputId(name), [
        ` TODO: SpEL kept as written, GitHub will not evaluate it: ${spel.untranslated.map(oneLine).join(' ')}`
      ])
  }
  const above = [` stage ${JSON.stringify(stageName(stage))} of the preconfigured webhook type '${stage.type}'`]
  if (stage.stageEnabled?.expression)
    above.push(` TODO: Spinnaker ran it only when ${oneLine(String(stage.stageEnabled.expression))}; write that as if:`)
  // failPipeline true is Spinnaker's default, and a failed job fails the run too.
  const unplaced = Object.keys(stage).filter(
    key => !PLACED.has(key) && key !== 'stageEnabled' && present(stage[key]) && !(key === 'failPipeline' && stage[key])
  )
  if (unplaced.length)
    above.push(` not converted: ${unplaced.join(', ')} (a job that calls a workflow has no such key)`)
  const job = {
    uses: `./.github/workflows/${workflowFile(stage.type)}`,
    ...(Object.keys(values).length ? { with: values } : {}),
    secrets: 'inherit'
  }
  return { job, comments, above }
}

/**
 * A webhook stage: a job with the stage's step, whose outputs later jobs read.
 * @param {import('./read.mjs').WebhookItem} item
 * @param {string} id
 * @param {import('./step.mjs').Context} context
 * @param {YAML.Document} doc
 */
function stepJob(item, id, context, doc) {
  const step = convertStage(item, id, context)
  const steps = new YAML.YAMLSeq()
  steps.items.push(stepNode(doc, step))
  const outputs = Object.fromEntries(JOB_OUTPUTS.map(name => [name, `\${{ steps.${id}.outputs.${name} }}`]))
  return { job: { 'runs-on': 'ubuntu-latest', outputs, steps }, comments: new Map(), above: [] }
}

/**
 * The pipeline as the text of one workflow.
 * @param {Json} pipeline
 * @param {Item[]} items its stages, classified
 * @param {string} source
 * @returns {{ name: string, text: string }}
 */
export function pipelineWorkflow(pipeline, items, source) {
  const ordered = inPipelineOrder(items)
  const taken = new Set()
  /** @type {Map<Item, string>} */
  const jobIds = new Map(ordered.flatMap(item => (item.kind === 'skipped' ? [] : [[item, stepId(item.stage, taken)]])))
  const byRef = new Map(items.map(item => [String(item.stage.refId), item]))
  /** @type {import('./step.mjs').Context} */
  const context = {
    stepIds: new Map(),
    stageNames: new Map(items.map(item => [String(item.stage.refId), stageName(item.stage)])),
    secrets: new Map(),
    workflowInputs: new Set(),
    jobs: true
  }
  const doc = new YAML.Document({})
  const name = String(pipeline.name ?? 'Converted pipeline')
  const file = workflowFile(stepId({ name }, new Set()))
  nameWorkflow(doc, name)
  doc.set('on', new YAML.YAMLMap())
  doc.set('permissions', doc.createNode({ contents: 'read' }))
  doc.set('jobs', new YAML.YAMLMap())
  let pending = []
  for (const item of ordered) {
    const id = jobIds.get(item)
    if (!id) {
      pending.push(skippedStage(item.stage))
      continue
    }
    context.needs = new Set()
    // Only webhook items have a job id, so past the check above the item is one.
    const built =
      item.kind === 'preconfigured-stage'
        ? callingJob(item.stage, context)
        : stepJob(/** @type {import('./read.mjs').WebhookItem} */ (item), id, context, doc)
    context.stepIds.set(stageName(item.stage), id)
    const needs = [...new Set([...needsOf(item.stage, byRef, jobIds), ...context.needs])]
    doc.setIn(
      ['jobs', id],
      doc.createNode({ name: literal(stageName(item.stage)), ...(needs.length ? { needs } : {}), ...built.job })
    )
    commentAt(doc, ['jobs', id], [...pending, ...built.above])
    for (const [key, lines] of built.comments) commentAt(doc, ['jobs', id, 'with', key], lines)
    pending = []
  }
  const parameters = (Array.isArray(pipeline.parameterConfig) ? pipeline.parameterConfig : []).filter(p => p?.name)
  const inputs = inputsNode(
    doc,
    parameters.map(parameter => parameterInput(parameter, 'default')),
    context.workflowInputs,
    'workflow_dispatch'
  )
  doc.setIn(['on', 'workflow_dispatch'], doc.createNode(inputs.items.length ? { inputs } : null))
  const triggers = (Array.isArray(pipeline.triggers) ? pipeline.triggers : []).map(t => t?.type).filter(present)
  if (triggers.length)
    commentAt(doc, ['on'], [` TODO: Spinnaker's triggers (${triggers.join(', ')}): add them as on: events by hand`])
  if (pending.length) /** @type {YAML.YAMLMap} */ (doc.get('jobs')).comment = comment(pending)
  const calls = items.some(item => item.kind === 'preconfigured-stage')
  doc.commentBefore = comment([
    ` ${file}: Spinnaker's pipeline ${JSON.stringify(oneLine(name))} (from ${source}), converted by npm run convert.`,
    ...(calls
      ? [
          ' Its jobs call the reusable workflows converted from the Orca profile (npm run convert -- orca-local.yml --out .github/workflows).'
        ]
      : [])
  ])
  return { name: file, text: doc.toString({ lineWidth: 0 }) }
}
