// @ts-check
// The inputs that take more than copying a field: headers (with their secrets), the monitoring
// fields of a stage that waits, and Spinnaker's stage timeout.

import { translateSpel } from './spel.mjs'
import { headerSecret } from './secrets.mjs'
import { literal } from './literal.mjs'

/**
 * @typedef {import('./read.mjs').Json} Json
 * @typedef {import('./step.mjs').Step} Step
 * @typedef {import('./step.mjs').Context} Context
 */

/** @type {Record<string, string>} */
const RESOLUTIONS = { getMethod: 'get-method', locationHeader: 'location-header', webhookResponse: 'webhook-response' }

export const oneLine = (/** @type {string} */ text) => text.replace(/\s+/g, ' ').trim()
export const present = (/** @type {unknown} */ value) => value !== undefined && value !== null && value !== ''

/** `90000` ms → `1m30s`. */
export function duration(/** @type {number} */ ms) {
  const units = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1]
  ]
  let rest = Math.round(ms)
  let text = ''
  for (const [unit, size] of units) {
    const count = Math.floor(rest / Number(size))
    if (count > 0) text += `${count}${unit}`
    rest -= count * Number(size)
  }
  return text || '0'
}

/**
 * `customHeaders` → the `headers` input, credentials replaced by secret references.
 * @param {Json} headers
 * @param {Step} step
 * @param {string} id
 * @param {Context} context
 */
export function addHeaders(headers, step, id, context) {
  const mapping = new Map()
  const comments = []
  /** @type {string[]} */
  const untranslated = []
  /** @type {string[]} */
  const pasted = []
  for (const [name, raw] of Object.entries(headers)) {
    const values = (Array.isArray(raw) ? raw : [raw]).map(value => String(value ?? ''))
    const sent = values.map((value, index) => {
      const secret = headerSecret(name, value, index, id, context)
      if (secret) {
        comments.push(` TODO: create the secret ${secret.name} (the value of the ${name} header)`)
        return secret.value
      }
      const spel = translateSpel(value, context, 'headers')
      for (const done of spel.translated) {
        if (done.input) context.workflowInputs.add(done.input)
        if (done.stage) context.needs?.add(done.stage)
        if (done.to !== 'github.run_id') pasted.push(done.to)
      }
      untranslated.push(...spel.untranslated)
      return spel.text
    })
    mapping.set(literal(name), sent.length === 1 ? sent[0] : sent)
  }
  if (untranslated.length)
    comments.push(` TODO: SpEL kept as written, GitHub will not evaluate it: ${untranslated.map(oneLine).join(' ')}`)
  // The runner pastes the value into the YAML text the action reads its headers from.
  if (pasted.length)
    comments.push(
      ` TODO: ${pasted.join(', ')} ${pasted.length > 1 ? 'land' : 'lands'} in the headers' YAML text as written: a value with a newline or ': ' would change the headers; keep it to one plain line`
    )
  step.inputs.push({ key: 'headers', value: mapping, comments, block: true })
}

/**
 * The monitoring fields of a stage that waits.
 * @param {Json} stage
 * @param {Step} step
 * @param {(key: string, raw: unknown, comments?: string[]) => unknown} add
 */
export function addMonitoring(stage, step, add) {
  const resolution = stage.statusUrlResolution
  if (present(resolution))
    add(
      'status-url-resolution',
      RESOLUTIONS[resolution] ?? resolution,
      RESOLUTIONS[resolution] ? [] : [` TODO: unknown statusUrlResolution`]
    )
  if (present(stage.statusUrlJsonPath)) {
    if (resolution === 'webhookResponse') add('status-url-json-path', stage.statusUrlJsonPath)
    else step.notes.push(` not converted: statusUrlJsonPath (used only with statusUrlResolution webhookResponse)`)
  }
  if (
    present(resolution) &&
    resolution !== 'getMethod' &&
    stage.customHeaders &&
    Object.keys(stage.customHeaders).length
  )
    step.inputs
      .find(entry => entry.key === 'headers')
      ?.comments.push(
        ' Spinnaker sent customHeaders on polls to any host; the action sends them only to the webhook URL’s origin (see status-headers)'
      )
  if (present(stage.statusJsonPath)) {
    add('status-json-path', stage.statusJsonPath)
    if (!present(stage.successStatuses))
      step.inputs
        .at(-1)
        ?.comments.push(
          ' TODO: the action needs success-statuses with status-json-path (Spinnaker then succeeded only on the number 100)'
        )
  }
  if (present(stage.successStatuses)) add('success-statuses', stage.successStatuses)
  if (present(stage.canceledStatuses)) add('canceled-statuses', stage.canceledStatuses)
  if (present(stage.terminalStatuses)) add('terminal-statuses', stage.terminalStatuses)
  if (present(stage.progressJsonPath))
    add('progress-json-path', stage.progressJsonPath, [
      ' Spinnaker failed the stage when this path found no string; the action then shows no progress'
    ])
  const wait = stage.waitBeforeMonitor
  if (typeof wait === 'number' || /^\d+$/.test(String(wait ?? ''))) {
    if (Number(wait) > 0)
      add('wait-before-monitor', duration(Number(wait) * 1000), [
        ' Spinnaker counted this wait from the stage’s start, the action from the webhook’s answer'
      ])
  } else if (present(wait)) add('wait-before-monitor', wait, [' TODO: Spinnaker read this as seconds'])
  if (stage.retries && typeof stage.retries === 'object') {
    const limits = new Map()
    for (const [code, retry] of Object.entries(stage.retries)) limits.set(Number(code), Number(retry?.maxAttempts ?? 0))
    step.inputs.push({
      key: 'poll-retry-limits',
      value: limits,
      comments: [' Spinnaker: retries (maxAttempts per status code while monitoring)'],
      block: true
    })
  }
}

/**
 * Spinnaker's stage timeout bounds the whole stage; `timeout` bounds polling only.
 * @param {number} ms
 * @param {boolean} waiting
 * @param {Step} step
 */
export function addTimeout(ms, waiting, step) {
  const whole = `${duration(ms)} (stageTimeoutMs ${ms})`
  if (waiting)
    step.inputs.push({
      key: 'timeout',
      value: duration(ms),
      comments: [
        ` Spinnaker's stage timeout of ${whole} covered the whole stage: the call, the wait before monitoring and polling.`,
        ' `timeout` covers polling only, counted after wait-before-monitor; to bound the whole step, set the step’s timeout-minutes too.'
      ]
    })
  else
    step.step.push({
      key: 'timeout-minutes',
      value: Math.max(1, Math.ceil(ms / 60_000)),
      comments: [
        ` Spinnaker's stage timeout of ${whole} covered the whole stage; the action's timeout input covers polling only`
      ]
    })
}
