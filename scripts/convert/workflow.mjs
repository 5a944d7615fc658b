// @ts-check
// A preconfigured webhook definition as a reusable workflow (`on: workflow_call`), and what every
// converted workflow shares: typed inputs from Spinnaker's parameters, text placed where GitHub
// may or may not evaluate expressions, comments on keys.

import { readFileSync } from 'node:fs'
import YAML, { isMap, isScalar, YAMLMap, YAMLSeq } from 'yaml'
import { comment, stepNode } from './emit.mjs'
import { oneLine, present } from './fields.mjs'
import { inert, literal, opensExpression } from './literal.mjs'
import { inputId } from './spel.mjs'
import { convertStage, stageName } from './step.mjs'

/**
 * @typedef {import('./read.mjs').Json} Json
 * @typedef {{ id: string, description: string, required: boolean, default?: string, options?: string[] }} Input
 */

/** The action's outputs a caller can use: all but the paths of files on the runner that ran it. */
const OUTPUTS = Object.entries(
  /** @type {{ outputs: Record<string, { description: string }> }} */ (
    YAML.parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'))
  ).outputs
).filter(([name]) => !name.endsWith('-file'))

/** What a comment says where text from Spinnaker had a `${{` that was broken up. */
const BROKEN_UP = ' its text held ${{, written ${ { here: GitHub allows no expression in this place'

/** A file name for a stage type (`githubStatus.yml`), the same for the definition and its callers. */
export const workflowFile = (/** @type {unknown} */ type) =>
  `${String(type ?? 'webhook').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'webhook'}.yml`

/**
 * A Spinnaker parameter (a preconfigured webhook's `parameters`, or a pipeline's
 * `parameterConfig`) as a workflow input.
 * @param {Json} parameter
 * @param {'defaultValue' | 'default'} defaultKey
 * @returns {Input}
 */
export function parameterInput(parameter, defaultKey) {
  const said = [parameter.label, parameter.description].filter(present).map(text => oneLine(String(text)))
  const fallback = present(parameter[defaultKey]) ? String(parameter[defaultKey]) : undefined
  const options = Array.isArray(parameter.options)
    ? parameter.options.map(option => String(option?.value ?? option)).filter(present)
    : []
  return {
    id: inputId(parameter.name),
    description: [...new Set(said)].join(': ') || String(parameter.name),
    required: defaultKey === 'defaultValue' ? fallback === undefined : parameter.required === true,
    ...(fallback === undefined ? {} : { default: fallback }),
    ...(parameter.hasOptions && options.length ? { options } : {})
  }
}

/**
 * The inputs a workflow declares: `declared` first, then every other input its text reads.
 * @param {YAML.Document} doc
 * @param {Input[]} declared
 * @param {Set<string>} read
 * @param {'workflow_call' | 'workflow_dispatch'} trigger
 */
export function inputsNode(doc, declared, read, trigger) {
  const seen = new Set(declared.map(input => input.id))
  const others = [...read].filter(id => !seen.has(id))
  /** @type {Input[]} */
  const all = [
    ...declared,
    ...others.map(id => ({ id, description: `Spinnaker read ${id} from the pipeline's parameters`, required: true }))
  ]
  const map = new YAMLMap()
  for (const input of all) {
    const called = trigger === 'workflow_call'
    /** @type {Record<string, unknown>} */
    const body = { description: inert(input.description) }
    body.type = input.options && !called ? 'choice' : 'string'
    if (input.options && !called) body.options = input.options.map(inert)
    body.required = input.required
    // workflow_call evaluates a default; workflow_dispatch allows no expression in it.
    if (input.default !== undefined) body.default = called ? literal(input.default) : inert(input.default)
    const pair = doc.createPair(input.id, body)
    const broken = [input.description, input.default ?? '', ...(input.options ?? [])].some(opensExpression)
    if (broken) /** @type {YAML.Scalar} */ (pair.key).commentBefore = BROKEN_UP
    map.items.push(pair)
  }
  return map
}

/**
 * Puts comment lines above the key at `path`.
 * @param {YAML.Document} doc
 * @param {(string | number)[]} path
 * @param {string[]} lines
 */
export function commentAt(doc, path, lines) {
  if (!lines.length) return
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents
  if (!isMap(parent)) return
  const pair = parent.items.find(item => (isScalar(item.key) ? item.key.value : item.key) === path.at(-1))
  const key = pair && (isScalar(pair.key) ? pair.key : doc.createNode(pair.key))
  if (!pair || !isScalar(key)) return
  key.commentBefore = [key.commentBefore, comment(lines)].filter(Boolean).join('\n')
  pair.key = key
}

/**
 * A workflow's `name:` (GitHub evaluates no expression there), with a comment when it was changed.
 * @param {YAML.Document} doc
 * @param {string} name
 */
export function nameWorkflow(doc, name) {
  doc.set('name', inert(name))
  if (opensExpression(name)) commentAt(doc, ['name'], [BROKEN_UP])
}

/**
 * A preconfigured webhook definition as the text of a reusable workflow.
 * @param {Json} definition
 * @param {string} source the file it was read from
 * @returns {{ name: string, text: string }}
 */
export function reusableWorkflow(definition, source) {
  const context = { stepIds: new Map(), stageNames: new Map(), secrets: new Map(), workflowInputs: new Set() }
  const step = convertStage({ kind: 'definition', stage: definition }, 'webhook', context)
  const file = workflowFile(definition.type)
  const parameters = (Array.isArray(definition.parameters) ? definition.parameters : []).filter(p => p?.name)
  const doc = new YAML.Document({})
  doc.commentBefore = comment([
    ` ${file}: Spinnaker's preconfigured webhook '${oneLine(String(definition.type))}' (from ${source}), converted by npm run convert.`,
    ` A job calls it with uses: ./.github/workflows/${file}, its parameters under with:, and secrets: inherit.`,
    ...(definition.enabled === false ? [' Orca had this webhook switched off (enabled: false).'] : [])
  ])
  nameWorkflow(doc, stageName(definition))
  // A secret's description names its header, which is the stage's text.
  const secrets = Object.fromEntries(
    [...context.secrets].map(([name, holds]) => [name, { description: inert(holds), required: true }])
  )
  const outputs = Object.fromEntries(
    OUTPUTS.map(([name, output]) => [
      name,
      { description: output.description, value: `\${{ jobs.webhook.outputs.${name} }}` }
    ])
  )
  doc.set(
    'on',
    doc.createNode({
      workflow_call: {
        inputs: inputsNode(
          doc,
          parameters.map(parameter => parameterInput(parameter, 'defaultValue')),
          context.workflowInputs,
          'workflow_call'
        ),
        ...(Object.keys(secrets).length ? { secrets } : {}),
        outputs
      }
    })
  )
  doc.set('permissions', doc.createNode({ contents: 'read' }))
  const steps = new YAMLSeq()
  steps.items.push(stepNode(doc, step))
  doc.set(
    'jobs',
    doc.createNode({
      webhook: {
        'runs-on': 'ubuntu-latest',
        outputs: Object.fromEntries(OUTPUTS.map(([name]) => [name, `\${{ steps.webhook.outputs.${name} }}`])),
        steps
      }
    })
  )
  return { name: file, text: doc.toString({ lineWidth: 0 }) }
}
