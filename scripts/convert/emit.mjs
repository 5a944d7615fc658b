// @ts-check
// The converted steps as a YAML document with comments, built with the yaml package's Document API.

import YAML, { Scalar, YAMLMap, YAMLSeq } from 'yaml'
import { literal } from './literal.mjs'

export const ACTION = 'your-org/webhook-stage-action@v1'

/** The yaml package writes `#` and the text; a leading space keeps `# text` readable. */
export const comment = (/** @type {string[]} */ lines) => lines.join('\n')

/**
 * A `with:` value: always a string; multiline text as a block literal; mappings (headers,
 * poll-retry-limits) as YAML text in a block literal, since the action reads them from text.
 * @param {YAML.Document} doc
 * @param {import('./step.mjs').Entry} entry
 */
function valueNode(doc, entry) {
  let text = entry.value
  if (entry.block) text = new YAML.Document(entry.value).toString({ lineWidth: 0 })
  if (typeof text !== 'string') return doc.createNode(text)
  const node = new Scalar(text)
  if (text.includes('\n')) node.type = 'BLOCK_LITERAL'
  return node
}

/**
 * @param {YAML.Document} doc
 * @param {YAMLMap} map
 * @param {import('./step.mjs').Entry} entry
 */
function addEntry(doc, map, entry) {
  const pair = doc.createPair(entry.key, valueNode(doc, entry))
  if (entry.comments.length) /** @type {Scalar} */ (pair.key).commentBefore = comment(entry.comments)
  map.items.push(pair)
}

/**
 * One step as a YAML mapping, with `before` (and the step's own comments) above it.
 * @param {YAML.Document} doc
 * @param {import('./step.mjs').Step} step
 * @param {string[]} [before]
 */
export function stepNode(doc, step, before = []) {
  const map = new YAMLMap()
  const above = [...before, ...step.comments]
  if (above.length) map.commentBefore = comment(above)
  map.items.push(
    doc.createPair('name', literal(step.name)),
    doc.createPair('id', step.id),
    doc.createPair('uses', ACTION)
  )
  for (const entry of step.step) addEntry(doc, map, entry)
  const inputs = new YAMLMap()
  for (const entry of step.inputs) addEntry(doc, inputs, entry)
  if (step.notes.length) inputs.comment = comment(step.notes)
  map.items.push(doc.createPair('with', inputs))
  return map
}

/**
 * @param {{ header: string[], steps: (import('./step.mjs').Step | { skipped: string[] })[], trailer: string[] }} plan
 * @returns {string}
 */
export function emit(plan) {
  const doc = new YAML.Document(new YAMLSeq())
  const seq = /** @type {YAMLSeq} */ (doc.contents)
  doc.commentBefore = comment(plan.header)
  /** @type {string[]} */
  let pending = []
  for (const step of plan.steps) {
    if ('skipped' in step) {
      pending.push(...step.skipped)
      continue
    }
    seq.items.push(stepNode(doc, step, pending))
    pending = []
  }
  const trailer = [...pending, ...plan.trailer]
  if (trailer.length) seq.comment = comment(trailer)
  return doc.toString({ lineWidth: 0 })
}
