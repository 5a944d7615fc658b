// Hands the result on: the files in RUNNER_TEMP, the step outputs, the job summary and the step's
// result. Nothing here may fail the step on its own.

import * as runner from '../runner.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { Payload } from '../body.js'
import type { StageConfig } from '../inputs.js'
import type { Secrets } from '../redact.js'
import type { StageResult } from '../stage.js'
import type { Timeline } from '../timeline.js'
import { collectOutputs, fileText, type OutputFiles } from './outputs.js'
import { renderSummary } from './summary.js'

export interface Report {
  config: StageConfig
  secrets: Secrets
  timeline: Timeline
  /** The webhook request as shown, when it was made. */
  request?: string
}

export function report({ config, secrets, timeline, request }: Report, result: StageResult): void {
  const files = writeFiles(result, secrets)
  const { values, warnings } = collectOutputs(result, config, secrets, files)
  for (const warning of warnings) runner.warning(warning)
  runner.setOutputs(values)
  if (config.summary) {
    try {
      runner.appendSummary(renderSummary({ result, request, events: timeline.events, omittedEvents: timeline.omitted, secrets }))
    } catch (error) {
      runner.warning(`The job summary could not be written: ${(error as Error).message}`)
    }
  }
  if (result.status !== 'SUCCEEDED') process.exitCode = 1
}

/** A run that stopped before the stage (bad input, or a defect): only status and error are known. */
export function reportEarlyFailure(message: string): void {
  runner.setOutputs([
    ['status', 'TERMINAL'],
    ['error', message]
  ])
  runner.setFailed(message)
}

function writeFiles(result: StageResult, secrets: Secrets): OutputFiles {
  try {
    return writeFilesIn(process.env.RUNNER_TEMP || tmpdir(), result, secrets)
  } catch (error) {
    runner.warning(`The build-info and response files could not be written: ${(error as Error).message}`)
    return { buildInfo: '', response: '' }
  }
}

function writeFilesIn(temp: string, result: StageResult, secrets: Secrets): OutputFiles {
  const write = (dir: string, name: string, payload: Payload | undefined): string => {
    const file = path.join(dir, `${name}.${payload?.isJson ? 'json' : 'txt'}`)
    writeFileSync(file, fileText(payload, secrets))
    return file
  }
  const dir = mkdtempSync(path.join(temp, 'webhook-stage-'))
  return {
    buildInfo: write(dir, 'build-info', result.buildInfo),
    response: write(dir, 'response', result.webhook?.payload)
  }
}
