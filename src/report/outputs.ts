// The step outputs, as values: computed from the stage's result, redacted, and left empty when
// too large to hand on (with a warning that points to the files that hold them whole).

import { documentOf, type Payload } from '../body.js'
import type { StageConfig } from '../inputs.js'
import { findAll, showValue } from '../jsonpath.js'
import type { Secrets } from '../redact.js'
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
  warnings: string[]
}

export function collectOutputs(
  result: StageResult,
  config: Pick<StageConfig, 'outputs'>,
  secrets: Secrets,
  files: OutputFiles
): Outputs {
  const warnings: string[] = []
  const values: Array<[string, string]> = []
  const set = (name: string, value: string, file?: string): void => {
    const bytes = Buffer.byteLength(value)
    if (bytes > MAX_OUTPUT_BYTES) {
      warnings.push(
        `Output '${name}' is ${bytes} bytes, more than ${MAX_OUTPUT_BYTES}, and was left empty: a later step could not receive it. ` +
          `Read ${file ?? files.buildInfo} instead.`
      )
      value = ''
    }
    values.push([name, value])
  }
  const { webhook, buildInfo } = result

  set('status', result.status)
  set('status-code', webhook ? String(webhook.code) : '')
  set('response', secrets.redact(webhook?.payload.text ?? ''), files.response)
  set('response-headers', webhook ? secrets.redact(JSON.stringify(webhook.headers)) : '', files.response)
  set('status-url', result.statusUrl ? secrets.showUrl(result.statusUrl) : '')
  set('polls', String(result.polls))
  set('progress', secrets.redact(result.progress ?? ''))
  set('percent-complete', result.percentComplete === undefined ? '' : String(result.percentComplete))
  set('build-info', secrets.redact(buildInfo?.text ?? ''), files.buildInfo)
  set('build-info-file', files.buildInfo)
  set('response-file', files.response)
  set('error', result.status === 'SUCCEEDED' ? '' : secrets.redact(result.reason))

  for (const { name, path } of config.outputs) {
    const found = buildInfo ? findAll(path, documentOf(buildInfo)) : []
    if (found.length === 0 && buildInfo) {
      warnings.push(`Output '${name}': ${path.source} found nothing in the build info, so it is empty`)
    }
    const value = found.length === 0 ? '' : showValue(found.length === 1 ? found[0] : found)
    set(name, secrets.redact(value))
  }
  return { values, warnings }
}

/** What the build-info and response files hold: the whole text, redacted. */
export function fileText(payload: Payload | undefined, secrets: Secrets): string {
  return secrets.redact(payload?.text ?? '')
}
