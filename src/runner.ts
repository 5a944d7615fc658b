// The runner's side of the protocol: inputs from INPUT_* variables, workflow commands on stdout,
// outputs in the GITHUB_OUTPUT file, the job summary in the GITHUB_STEP_SUMMARY file.
//
// @actions/core does the same, but importing it also loads its OIDC client and, through it,
// undici (1 MB): that was 45 ms of every start, half the action's start-up. These few
// functions follow @actions/core's formats exactly.

import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

/** An input as the runner passes it, trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function warning(message: string): void {
  issue('warning', message)
}

export function error(message: string): void {
  issue('error', message)
}

/** Asks the runner to mask a value wherever it would show it. */
export function setSecret(value: string): void {
  issue('add-mask', value)
}

export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** Sets step outputs, in one write to GITHUB_OUTPUT. */
export function setOutputs(outputs: ReadonlyArray<readonly [name: string, value: string]>): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    // Outside a runner (or an old one): the deprecated command, as @actions/core does.
    for (const [name, value] of outputs) {
      process.stdout.write(EOL)
      issue(`set-output name=${escapeProperty(name)}`, value)
    }
    return
  }
  // A random delimiter that the value does not hold ends each value (a heredoc).
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`
  let text = ''
  for (const [name, value] of outputs) {
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error('an output holds the delimiter')
    text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`
  }
  appendFileSync(file, text, 'utf8')
}

/** Appends Markdown to the job summary; false when the runner gave no summary file. */
export function appendSummary(markdown: string): boolean {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return false
  appendFileSync(file, markdown + EOL, 'utf8')
  return true
}

function issue(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`)
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
