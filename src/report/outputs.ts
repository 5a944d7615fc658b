// The step outputs, as values: computed from the stage's result, redacted, and left empty when
// too large to hand on (with a warning that points to the files that hold them whole).

import { documentOf, type Payload } from '../body.js'
import type { StageConfig } from '../settings.js'
import { searchDocument, showFound, showValue } from '../jsonpath/index.js'
import { cut, MAX_SHOWN_TEXT, type Secrets } from '../redact.js'
import type { StageResult } from '../stage.js'

/**
 * A larger output breaks any later step that receives it: Linux refuses an environment string
 * over 128 KiB, and job outputs are capped at 1 MB.
 */
export const MAX_OUTPUT_BYTES = 65_536

export interface OutputFiles {
  buildInfo: string
  response: string
}

export interface Outputs {
  values: Array<[name: string, value: string]>
  /** Titled for the annotations list: the output each is about. */
  warnings: Array<{ title: string; message: string }>
}

export function collectOutputs(
  result: StageResult,
  config: Pick<StageConfig, 'outputs'>,
  secrets: Secrets,
  files: OutputFiles
): Outputs {
  const warnings: Outputs['warnings'] = []
  const values: Array<[string, string]> = []
  const set = (name: string, value: string, file?: string): void => {
    const bytes = Buffer.byteLength(value)
    if (bytes > MAX_OUTPUT_BYTES) {
      warnings.push({
        title: `Output ${name}`,
        message:
          `Output '${name}' is ${bytes} bytes, more than ${MAX_OUTPUT_BYTES}, and was left empty: a later step could not receive it. ` +
          `Read ${file ?? files.buildInfo} instead.`
      })
      value = ''
    }
    values.push([name, value])
  }
  const { webhook, buildInfo } = result

  set('status', result.status)
  set('status-code', webhook ? String(webhook.code) : '')
  set('response', payloadText(webhook?.payload, secrets), files.response)
  set('response-headers', webhook ? JSON.stringify(secrets.redactJson(webhook.headers)) : '', files.response)
  set('status-url', result.statusUrl ? secrets.showUrl(result.statusUrl) : '')
  set('polls', String(result.polls))
  set('progress', secrets.redact(result.progress ?? ''))
  set('percent-complete', result.percentComplete === undefined ? '' : String(result.percentComplete))
  set('build-info', payloadText(buildInfo, secrets), files.buildInfo)
  set('build-info-file', files.buildInfo)
  set('response-file', files.response)
  set('error', result.status === 'SUCCEEDED' ? '' : cut(secrets.redact(result.reason), MAX_SHOWN_TEXT))
  const poll = result.lastPoll
  set('poll-status-code', poll ? String(poll.code) : '')
  set('poll-response-headers', poll ? JSON.stringify(secrets.redactJson(poll.headers)) : '')

  for (const { name, path } of config.outputs) {
    const search = buildInfo ? searchDocument(path, documentOf(buildInfo)) : { found: [] }
    if ('unsearchable' in search) {
      warnings.push({ title: `Output ${name}`, message: `Output '${name}': ${search.unsearchable}, so it is empty` })
      set(name, '')
      continue
    }
    const { found } = search
    if (found.length === 0 && buildInfo) {
      warnings.push({
        title: `Output ${name}`,
        message: `Output '${name}': ${path.source} found nothing in the build info, so it is empty`
      })
    }
    const value = found.length === 0 ? '' : showValue(secrets.redactJson(showFound(found)))
    set(name, value)
  }
  return { values, warnings }
}

/**
 * A body as outputs and files hold it: the text as received, or, when a secret had to be masked
 * in a JSON body, the JSON written anew with the secret masked inside its strings, so that
 * `fromJSON()` still reads it (indented when the body was).
 */
export function payloadText(payload: Payload | undefined, secrets: Secrets): string {
  const text = payload?.text ?? ''
  const redacted = secrets.redact(text)
  if (!payload?.isJson || redacted === text) return redacted
  try {
    return JSON.stringify(secrets.redactJson(payload.json), null, /^\s*[[{]\s*\n/.test(text) ? 2 : undefined)
  } catch {
    // Nested deeper than JSON.stringify can go: masked as text, which may no longer parse.
    return redacted
  }
}
