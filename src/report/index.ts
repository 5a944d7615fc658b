// Hands the result on: the files in RUNNER_TEMP, the step outputs, the job summary and the step's
// result. Nothing here may fail the step on its own.

import * as core from '@actions/core'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { Payload } from '../body.js'
import type { StageConfig } from '../settings.js'
import type { Secrets } from '../redact.js'
import type { StageResult, StageState } from '../stage.js'
import type { Timeline } from '../timeline.js'
import { collectOutputs, payloadText, type OutputFiles } from './outputs.js'
import { renderSummary } from './summary.js'

export interface Report {
  config: StageConfig
  secrets: Secrets
  timeline: Timeline
  /** The webhook request as shown, when it was made. */
  request?: string
}

export async function report({ config, secrets, timeline, request }: Report, result: StageResult): Promise<void> {
  // The step's result first: a failure to write what follows must not turn it into a success.
  if (result.status !== 'SUCCEEDED') process.exitCode = 1
  // The summary file is written in the background (core.summary writes asynchronously) while the
  // files and outputs are written: the report is all a run does between its final poll and its end.
  const summaryWritten = writeSummary({ config, secrets, timeline, request }, result)
  const files = writeFiles(result, secrets)
  const { values, warnings } = collectOutputs(result, config, secrets, files)
  for (const { title, message } of warnings) core.warning(message, { title })
  attempt('The step outputs', () => setOutputs(values))
  await summaryWritten
}

/** The rehearsal's empty write to the summary file while it is under way. */
let rehearsedWrite: Promise<unknown> | undefined

/**
 * Runs the summary once while the stage waits: renders it and throws the text away, and appends
 * nothing to the summary file. The report is the one part of a waiting run that first runs after
 * the final poll, and V8 compiles each function at its first call (Node's file code too): run
 * cold, the summary was half of the action's own work between the final poll and its exit
 * (docs/startup.md).
 */
export function rehearseReport(report: Report, state: StageState, elapsedMs: number): void {
  if (!summaryWanted(report.config)) return
  try {
    renderFor(report, { ...state, status: 'SUCCEEDED', reason: 'rehearsal', elapsedMs })
    rehearsedWrite = core.summary
      .write()
      .catch(() => undefined)
      .then(() => (rehearsedWrite = undefined))
  } catch {
    // The report proper says what went wrong, if it goes wrong again.
  }
}

/** Outside a runner (or on an old one) there is no summary file, and nothing to say about it. */
function summaryWanted(config: StageConfig): boolean {
  return config.summary && Boolean(process.env.GITHUB_STEP_SUMMARY)
}

function renderFor({ config, secrets, timeline, request }: Report, result: StageResult): string {
  return renderSummary({
    result,
    request,
    events: timeline.events,
    omittedEvents: timeline.omitted,
    secrets,
    phases: timeline.phases,
    // Sent on every attempt, as it is here: after form encoding, from payload-file too.
    sent: request === undefined ? undefined : config.webhook.body
  })
}

async function writeSummary(report: Report, result: StageResult): Promise<void> {
  if (!summaryWanted(report.config)) return
  try {
    const markdown = renderFor(report, result)
    // core.summary reads its buffer once it has found the file: a write still under way takes it.
    if (rehearsedWrite) await rehearsedWrite
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`)
  }
}

/** A run that stopped before the stage (bad input, or a defect): only status and error are known. */
export function reportEarlyFailure(message: string): void {
  // Set here too: a stand-in for @actions/core (GitHub's local runner) may not set it.
  process.exitCode = 1
  core.setFailed(message)
  attempt('The step outputs', () =>
    setOutputs([
      ['status', 'TERMINAL'],
      ['error', message]
    ])
  )
}

/** Writing the report never fails the step on its own; what could not be written is a warning. */
function attempt(what: string, write: () => void): void {
  try {
    write()
  } catch (error) {
    core.warning(`${what} could not be written: ${(error as Error).message}`)
  }
}

function setOutputs(values: ReadonlyArray<readonly [name: string, value: string]>): void {
  for (const [name, value] of values) core.setOutput(name, value)
}

function writeFiles(result: StageResult, secrets: Secrets): OutputFiles {
  let files: OutputFiles = { buildInfo: '', response: '' }
  attempt(
    'The build-info and response files',
    () => (files = writeFilesIn(process.env.RUNNER_TEMP || tmpdir(), result, secrets))
  )
  return files
}

function writeFilesIn(temp: string, result: StageResult, secrets: Secrets): OutputFiles {
  const write = (dir: string, name: string, payload: Payload | undefined): string => {
    const file = path.join(dir, `${name}.${payload?.isJson ? 'json' : 'txt'}`)
    writeFileSync(file, payloadText(payload, secrets))
    return file
  }
  const dir = mkdtempSync(path.join(temp, 'webhook-stage-'))
  return {
    buildInfo: write(dir, 'build-info', result.buildInfo),
    response: write(dir, 'response', result.webhook?.payload)
  }
}
