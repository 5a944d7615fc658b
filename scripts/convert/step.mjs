// @ts-check
// One Spinnaker webhook stage (or preconfigured webhook definition) → one workflow step, as a
// plain description that emit.mjs turns into YAML: the inputs in action.yml's order, each with
// the comments that belong next to it, and the notes for fields that have no input.

import { inputId, translateSpel } from './spel.mjs'
import { translatePayload, translateUrl } from './payload.mjs'
import { urlUserInfoSecret } from './secrets.mjs'
import { addHeaders, addMonitoring, addTimeout, oneLine, present } from './fields.mjs'

/**
 * @typedef {import('./read.mjs').Json} Json
 * @typedef {{ key: string, value: string | number | boolean | Map<unknown, unknown> | Json, comments: string[], block?: boolean }} Entry
 * @typedef {{ name: string, id: string, comments: string[], step: Entry[], inputs: Entry[], notes: string[] }} Step
 * @typedef {{ stepIds: Map<string, string>, stageNames: Map<string, string>, secrets: Map<string, string>, workflowInputs: Set<string>, jobs?: boolean, needs?: Set<string> }} Context
 *   stepIds: stage name → step (or job) id of the stages converted so far; stageNames: refId → name;
 *   secrets: the secrets the converted text reads → what each holds; jobs: stages become jobs, and
 *   `needs` collects the jobs whose outputs this one reads
 */

/** Fields read here, or part of how a stage is placed, that need no note of their own. */
const READ = new Set(
  `type name refId requisiteStageRefIds label url method customHeaders payload failFastStatusCodes
   retryStatusCodes webhookRetryStatusCodes retries waitForCompletion monitorOnly statusUrlResolution
   statusUrlJsonPath statusJsonPath successStatuses canceledStatuses terminalStatuses progressJsonPath
   waitBeforeMonitor cancelEndpoint cancelMethod cancelPayload stageTimeoutMs overrideTimeout
   failPipeline continuePipeline comments description`.split(/\s+/)
)

/**
 * Fields with no input, and why.
 * @type {Record<string, string>}
 */
const NO_INPUT = {
  signalCancellation:
    'only switches the cancel fields on in Spinnaker’s UI; the action calls cancel-endpoint whenever it is set',
  expectedArtifacts:
    'GitHub has no Spinnaker artifacts; read values from the build info with `outputs:`, or upload files with actions/upload-artifact',
  stageEnabled: 'a condition on the stage; put it in the step’s `if:` as a GitHub expression',
  restrictExecutionDuringTimeWindow:
    'GitHub has no execution windows; use a schedule trigger or an environment’s wait timer',
  restrictedExecutionWindow: 'GitHub has no execution windows; use a schedule trigger or an environment’s wait timer',
  completeOtherBranchesThenFail: 'a job’s steps run one after another, there are no other branches to finish',
  sendNotifications: 'GitHub notifies about failed runs itself; add a later step with `if: failure()` for more',
  notifications: 'GitHub notifies about failed runs itself; add a later step with `if: failure()` for more',
  permissions: 'Fiat permissions; restrict who may run the workflow with an environment and its protection rules',
  enabled: 'the definition’s on/off switch in Orca',
  parameters: 'a preconfigured webhook’s parameters; they become workflow inputs',
  parameterValues:
    'values for a preconfigured webhook’s parameters; pass them as the inputs its converted definition reads',
  parameterData: 'Orca’s own record of parameter values',
  webhook: 'Spinnaker’s record of a run, not configuration',
  statusEndpoint: 'Spinnaker’s record of a run (the resolved status URL), not configuration',
  buildInfo: 'Spinnaker’s record of a run, not configuration'
}

/** Monitoring fields, which Spinnaker ignores unless it waits for completion. */
const MONITORING = [
  'statusUrlResolution',
  'statusUrlJsonPath',
  'statusJsonPath',
  'successStatuses',
  'canceledStatuses',
  'terminalStatuses',
  'progressJsonPath',
  'waitBeforeMonitor',
  'retryStatusCodes',
  'retries'
]

/**
 * Builds the step for one webhook stage or definition.
 * @param {import('./read.mjs').WebhookItem} item
 * @param {string} id
 * @param {Context} context
 * @returns {Step}
 */
export function convertStage(item, id, context) {
  const stage = item.stage
  const definition = item.kind === 'definition'
  /** @type {Step} */
  const step = { name: stageName(stage), id, comments: [], step: [], inputs: [], notes: [] }

  /**
   * Adds an input from text, translating its SpEL (as `translator` does for where it lands) and
   * marking what stays untranslated.
   * @param {string} key
   * @param {unknown} raw
   * @param {string[]} [comments]
   * @param {(text: string, context: import('./spel.mjs').SpelContext, key: string) => import('./spel.mjs').SpelResult & { comments?: string[] }} [translator]
   */
  const add = (key, raw, comments = [], translator = translateSpel) => {
    const spel = translator(typeof raw === 'string' ? raw : String(raw), { ...context, self: step.name }, key)
    for (const done of spel.translated) {
      if (done.input) context.workflowInputs.add(done.input)
      if (done.stage) context.needs?.add(done.stage)
    }
    if (spel.translated.length)
      comments.push(
        ` translated from SpEL: ${[...new Set(spel.translated.map(t => `${oneLine(t.from)} → ${t.to}`))].join('; ')}`
      )
    if (spel.untranslated.length)
      comments.push(
        ` TODO: SpEL kept as written, GitHub will not evaluate it; replace with a GitHub expression or a value: ${spel.untranslated.map(oneLine).join(' ')}`
      )
    comments.push(...(spel.comments ?? []))
    step.inputs.push({ key, value: spel.text, comments })
    return spel
  }

  if (definition) {
    step.comments.push(` preconfigured webhook '${stage.type}' from Orca's configuration (webhook.preconfigured)`)
    if (stage.description) step.comments.push(` ${oneLine(String(stage.description))}`)
    const parameters = (Array.isArray(stage.parameters) ? stage.parameters : []).filter(parameter => parameter?.name)
    for (const parameter of parameters) context.workflowInputs.add(inputId(parameter.name))
    if (parameters.length)
      step.notes.push(
        ` parameters → workflow inputs: ${parameters
          .map(
            p =>
              `${p.name}${p.label ? ` "${p.label}"` : ''}${present(p.defaultValue) ? ` (default ${JSON.stringify(p.defaultValue)})` : ''}`
          )
          .join(', ')}`
      )
  } else if (item.kind === 'preconfigured-stage') {
    step.comments.push(
      ` TODO: a stage of the preconfigured webhook type '${stage.type}': its url, headers and payload are in Orca's configuration; convert that definition too and merge it here`
    )
  }
  if (Array.isArray(stage.requisiteStageRefIds) && stage.requisiteStageRefIds.length) {
    const after = stage.requisiteStageRefIds.map(ref =>
      JSON.stringify(context.stageNames.get(String(ref)) ?? `refId ${ref}`)
    )
    step.comments.push(
      ` ${JSON.stringify(step.name)} ran after ${after.join(', ')} in Spinnaker (requisiteStageRefIds)`
    )
  }
  if (stage.comments) step.comments.push(` ${oneLine(String(stage.comments))}`)

  // Step-level keys: failure handling and timeouts.
  if (stage.failPipeline === false && stage.continuePipeline !== false)
    step.step.push({
      key: 'continue-on-error',
      value: true,
      comments: [' Spinnaker: failPipeline false, continuePipeline true']
    })
  else if (stage.failPipeline === false)
    step.notes.push(
      ' failPipeline false, continuePipeline false: no input; Spinnaker stopped only this branch, a job has only one'
    )

  // The webhook call.
  /** The webhook URL's user info and its secret, for a cancel endpoint that has the same. */
  let urlSecret
  if (present(stage.url)) {
    const secret = urlUserInfoSecret(String(stage.url), id, context)
    urlSecret = secret && {
      written: String(stage.url).slice(0, String(stage.url).length - secret.rest.length),
      ...secret
    }
    add(
      'url',
      secret ? secret.rest : stage.url,
      secret ? [` TODO: create the secret ${secret.name} (the URL's user:password)`] : [],
      translateUrl
    )
    // The secret reference is the converter's own expression: it joins after the stage's text is made literal.
    const entry = step.inputs.at(-1)
    if (secret && entry) entry.value = `${secret.userInfo}${entry.value}`
  } else if (!stage.monitorOnly) step.comments.push(' TODO: this stage has no url')
  if (present(stage.method)) add('method', String(stage.method).toUpperCase())
  if (stage.customHeaders && typeof stage.customHeaders === 'object') addHeaders(stage.customHeaders, step, id, context)
  if (present(stage.payload))
    add(
      'payload',
      typeof stage.payload === 'string' ? stage.payload : JSON.stringify(stage.payload, null, 2),
      [],
      translatePayload
    )
  if (Array.isArray(stage.failFastStatusCodes))
    add('fail-fast-status-codes', stage.failFastStatusCodes.length ? stage.failFastStatusCodes.join(', ') : 'none')
  else if (present(stage.failFastStatusCodes)) add('fail-fast-status-codes', stage.failFastStatusCodes)

  // Waiting.
  const waiting = stage.waitForCompletion === true || stage.waitForCompletion === 'true' || stage.monitorOnly === true
  const codes = (/** @type {unknown} */ list) =>
    Array.isArray(list) ? list.map(String) : present(list) ? String(list).split(',') : []
  const callCodes = codes(stage.webhookRetryStatusCodes).map(code => code.trim())
  const pollCodes = waiting ? codes(stage.retryStatusCodes).map(code => code.trim()) : []
  const retryCodes = [...new Set([...callCodes, ...pollCodes])]
  if (retryCodes.length) {
    const comments = []
    if (callCodes.join() !== pollCodes.join() && pollCodes.length)
      comments.push(
        ` Spinnaker retried webhookRetryStatusCodes (${callCodes.join(', ') || 'none'}) on the call and retryStatusCodes (${pollCodes.join(', ')}) on polls; the action retries all of these on both`
      )
    if (callCodes.length)
      comments.push(
        ' Spinnaker retried the call every 10 s for up to 5 minutes; the action retries it `retries` times (default 5), backing off from 1 s'
      )
    add('retry-status-codes', retryCodes.join(', '), comments)
  }
  if (present(stage.waitForCompletion) && !stage.monitorOnly) add('wait-for-completion', stage.waitForCompletion)
  if (stage.monitorOnly === true || stage.monitorOnly === 'true') add('monitor-only', 'true')
  if (waiting) addMonitoring(stage, step, add)
  else {
    const ignored = MONITORING.filter(key => present(stage[key]))
    if (ignored.length)
      step.notes.push(` not converted: ${ignored.join(', ')} (Spinnaker ignores them without waitForCompletion)`)
  }
  if (present(stage.stageTimeoutMs) && stage.overrideTimeout !== false)
    addTimeout(Number(stage.stageTimeoutMs), waiting, step)

  // Cancellation.
  if (present(stage.cancelEndpoint)) {
    const written = String(stage.cancelEndpoint)
    // Its user info, as the webhook URL's, goes into a secret: the same one when it is the same.
    const secret =
      urlSecret && written.startsWith(urlSecret.written)
        ? { ...urlSecret, rest: written.slice(urlSecret.written.length) }
        : urlUserInfoSecret(written, id, context, 'CANCEL_ENDPOINT_USERINFO', "The cancel endpoint's user:password")
    const isNew = secret !== null && secret.name !== urlSecret?.name
    const spel = add(
      'cancel-endpoint',
      secret ? secret.rest : written,
      isNew ? [` TODO: create the secret ${secret.name} (the cancel endpoint's user:password)`] : []
    )
    const entry = step.inputs.at(-1)
    if (secret && entry) entry.value = `${secret.userInfo}${entry.value}`
    if (spel.untranslated.length)
      step.inputs
        .at(-1)
        ?.comments.push(
          ' cancel-endpoint may read the webhook’s answer with JSONPath placeholders, for example https://ci.example.com/jobs/{$.id}/cancel'
        )
  }
  if (present(stage.cancelMethod)) add('cancel-method', String(stage.cancelMethod).toUpperCase())
  if (present(stage.cancelPayload))
    add(
      'cancel-payload',
      typeof stage.cancelPayload === 'string' ? stage.cancelPayload : JSON.stringify(stage.cancelPayload, null, 2),
      [],
      translatePayload
    )

  // Everything else: a note that says why it has no input.
  for (const [key, value] of Object.entries(stage)) {
    if (READ.has(key) || MONITORING.includes(key) || !present(value) || (key === 'parameters' && definition)) continue
    if (key === 'stageEnabled' && value?.expression)
      step.notes.push(
        ` TODO: Spinnaker ran this stage only when ${oneLine(String(value.expression))}; write that as the step's if:`
      )
    else if (key === 'parameterValues' && item.kind === 'preconfigured-stage')
      step.notes.push(
        ` parameterValues: ${Object.entries(value)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ')} (${NO_INPUT.parameterValues})`
      )
    else if (key === 'enabled' && definition && value !== false) continue
    else step.notes.push(` not converted: ${key} (${NO_INPUT[key] ?? 'the action has no matching input'})`)
  }
  return step
}

/**
 * GitHub's counterparts of stages that are not webhooks, for the comment that stands in their place.
 * @type {Record<string, string>}
 */
const COUNTERPARTS = {
  manualJudgment: 'an environment with required reviewers on the next job',
  wait: 'a step that sleeps, or an environment’s wait timer',
  checkPreconditions: 'a step that checks, or an if: on the next job',
  pipeline: 'a job that calls a reusable workflow (uses:)'
}

/** The comment that stands where a stage that is not a webhook stage was. */
export function skippedStage(/** @type {Json} */ stage) {
  const type = String(stage.type ?? 'unknown')
  const hint = Object.hasOwn(COUNTERPARTS, type) ? `; GitHub's counterpart: ${COUNTERPARTS[type]}` : ''
  return ` skipped stage ${JSON.stringify(stageName(stage))} (type ${type}): not a webhook stage, convert it by hand${hint}`
}

/** The stage's display name. */
export function stageName(/** @type {Json} */ stage) {
  return String(stage.name ?? stage.label ?? stage.type ?? `stage ${stage.refId ?? ''}`).trim()
}
