// Runs the action as the runner does (see scripts/local-runner.mjs) and reads what a user sees: the
// bundle of the sources that this test run built once (support/bundle.ts), not the committed dist/.

import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { whenBuilt } from './bundle.js'
import { runAction, startAction, type ActionRun, type RunOptions } from '../../scripts/local-runner.mjs'

export type { ActionRun, RunOptions } from '../../scripts/local-runner.mjs'

// The build starts with the run (support/bundle.ts); a file that runs the action waits for it here.
await whenBuilt(inject('actionMain'))

export function runStep(inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'> = {}): Promise<ActionRun> {
  return runAction({ inputs, main: inject('actionMain'), ...options })
}

export type StartedStep = ReturnType<typeof startAction>

export function startStep(inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'> = {}): StartedStep {
  return startAction({ inputs, main: inject('actionMain'), ...options })
}

/** The `::error::` lines of a run, without their properties (such as a title). */
export function errorLines(run: ActionRun): string[] {
  return annotations(run, 'error')
}

export function warningLines(run: ActionRun): string[] {
  return annotations(run, 'warning')
}

function annotations(run: ActionRun, level: string): string[] {
  const command = new RegExp(`^::${level}(?: [^:]*)?::`)
  return run.lines.filter(line => command.test(line)).map(line => line.replace(command, `::${level}::`))
}

/** The titles of a run's annotations, in the order given. */
export function annotationTitles(run: ActionRun): string[] {
  return run.lines.flatMap(line => /^::(?:error|warning|notice) title=([^:,]*)/.exec(line)?.[1] ?? [])
}

/** The log without the runner's mask registrations (which the runner hides, not shows). */
export function visibleLog(run: ActionRun): string {
  return run.lines.filter(line => !line.startsWith('::add-mask::')).join('\n') + run.stderr
}

/** Everything a user or a later step can read: log, summary, outputs and the files. */
export function everythingShown(run: ActionRun): string {
  const files = [run.outputs['build-info-file'], run.outputs['response-file']]
    .filter(Boolean)
    .map(file => readFileSync(file, 'utf8'))
  return [visibleLog(run), run.summary, JSON.stringify(run.outputs), ...files].join('\n')
}
