// @ts-check
// What the converter was given: one webhook stage, a pipeline (its `stages`), or preconfigured
// webhook definitions from Orca's configuration (`webhook.preconfigured` in orca-local.yml, or
// the list Gate serves at /webhooks/preconfigured).

import YAML from 'yaml'

/**
 * @typedef {Record<string, any>} Json
 * @typedef {{ kind: 'stage' | 'preconfigured-stage' | 'definition', stage: Json }} WebhookItem
 * @typedef {{ kind: 'skipped', stage: Json }} SkippedItem
 * @typedef {{ source: string, items: (WebhookItem | SkippedItem)[] }} Input
 */

/** Fields only a webhook stage or definition has (besides `url`, which others have too). */
const WEBHOOK_FIELDS = ['customHeaders', 'statusUrlResolution', 'statusJsonPath', 'waitForCompletion', 'payload']

/** @type {(value: unknown) => value is Json} */
const isObject = value => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A preconfigured webhook definition: it names its own stage type and has a label, but no refId.
 * @param {Json} value
 */
function isDefinition(value) {
  return (
    typeof value.type === 'string' &&
    value.type !== 'webhook' &&
    typeof value.label === 'string' &&
    value.refId === undefined &&
    (Array.isArray(value.parameters) || typeof value.url === 'string' || WEBHOOK_FIELDS.some(key => key in value))
  )
}

/** Orca reads its profile with SnakeYAML, YAML 1.1: `yes`, `on` and `off` are booleans there. */
const SPRING_YAML = { version: /** @type {'1.1'} */ ('1.1') }

/**
 * The entries of every `webhook.preconfigured` list, at any depth: Halyard writes them at the top
 * of orca-local.yml, the operator under spec.spinnakerConfig.profiles.orca, and a profile may be
 * held as YAML text in a string (a ConfigMap's data).
 * @param {unknown} value
 * @param {number} [depth]
 * @returns {unknown[]}
 */
function findPreconfigured(value, depth = 0) {
  if (depth > 20) return []
  if (typeof value === 'string')
    return /^\s*webhook:/m.test(value) && /^\s*preconfigured:/m.test(value)
      ? findPreconfigured(parseYaml(value), depth + 1)
      : []
  if (Array.isArray(value)) return value.flatMap(item => findPreconfigured(item, depth + 1))
  if (!isObject(value)) return []
  const own = isObject(value.webhook) && Array.isArray(value.webhook.preconfigured) ? value.webhook.preconfigured : []
  return [
    ...own,
    ...Object.values(value).flatMap(child => (child === value.webhook ? [] : findPreconfigured(child, depth + 1)))
  ]
}

/** YAML text as data, or undefined when it is not YAML. */
function parseYaml(/** @type {string} */ text) {
  const docs = YAML.parseAllDocuments(text, SPRING_YAML)
  if (!Array.isArray(docs) || docs.some(doc => doc.errors.length)) return undefined
  return docs.length === 1 ? docs[0].toJS() : docs.map(doc => doc.toJS())
}

/**
 * A file's text as data: JSON (a stage or pipeline from Deck's "Edit as JSON" or `spin pipeline
 * get`), or YAML (an Orca profile as Halyard or the operator writes it; several documents are read
 * as a list of them).
 * @param {string} text
 * @param {string} file
 * @returns {{ json: unknown } | { error: string }}
 */
export function parseSource(text, file) {
  const json = /\.json$/i.test(file) || /^\s*[[{]/.test(text)
  if (json) {
    try {
      return { json: JSON.parse(text) }
    } catch {
      if (/\.json$/i.test(file)) return { error: 'not valid JSON' }
    }
  }
  const docs = YAML.parseAllDocuments(text, SPRING_YAML)
  const list = Array.isArray(docs) ? docs : [docs]
  const broken = list.flatMap(doc => doc.errors)[0]
  if (broken) return { error: `not valid ${json ? 'JSON or ' : ''}YAML (${broken.message.split('\n')[0]})` }
  return { json: list.length === 1 ? list[0].toJS() : list.map(doc => doc.toJS()) }
}

/**
 * How a stage of a pipeline reads: a webhook stage, a stage of a preconfigured webhook type (it
 * carries the `parameterValues` its definition asks for), or another stage.
 * @param {Json} stage
 * @returns {WebhookItem | SkippedItem}
 */
function classify(stage) {
  if (stage.type === 'webhook') return { kind: 'stage', stage }
  if (isObject(stage.parameterValues)) return { kind: 'preconfigured-stage', stage }
  return { kind: 'skipped', stage }
}

/**
 * Reads the parsed JSON, or says in one line why it is not a webhook stage.
 * @param {unknown} json
 * @returns {{ items: (WebhookItem | SkippedItem)[], what: string } | { error: string }}
 */
export function readInput(json) {
  const profile = Array.isArray(json) ? null : findPreconfigured(json)
  if (profile?.length) {
    const items = profile.filter(isObject).map(item => /** @type {WebhookItem} */ ({ kind: 'definition', stage: item }))
    return items.length ? { items, what: 'an Orca profile' } : { error: 'its webhook.preconfigured list is empty' }
  }
  const list = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json.preconfigured)
      ? json.preconfigured
      : null
  if (list) {
    const items = list
      .filter(isObject)
      .map(item =>
        isDefinition(item) ? /** @type {WebhookItem} */ ({ kind: 'definition', stage: item }) : classify(item)
      )
    if (!items.some(item => item.kind !== 'skipped'))
      return { error: 'this list holds no webhook stage and no preconfigured webhook definition' }
    return { items, what: 'a list' }
  }
  if (!isObject(json))
    return {
      error: 'this is not a JSON object: expected a webhook stage, a pipeline or a preconfigured webhook definition'
    }
  if (Array.isArray(json.stages)) {
    const items = json.stages.filter(isObject).map(classify)
    if (!items.some(item => item.kind !== 'skipped')) {
      const types = [...new Set(items.map(item => item.stage.type))].join(', ') || 'none'
      return { error: `this pipeline has no webhook stage (its stage types: ${types})` }
    }
    return { items, what: `pipeline ${JSON.stringify(json.name ?? json.id ?? '')}` }
  }
  if (isDefinition(json)) return { items: [{ kind: 'definition', stage: json }], what: 'a preconfigured webhook' }
  const item = classify(json)
  if (item.kind === 'skipped') {
    const type = typeof json.type === 'string' ? `a stage of type '${json.type}'` : 'an object without a stage type'
    return { error: `this is ${type}, not a webhook stage, a pipeline or a preconfigured webhook definition` }
  }
  return { items: [item], what: 'a stage' }
}
