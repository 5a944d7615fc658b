// @ts-check
// Runs the built action (dist/index.js) the way the GitHub runner does: inputs as INPUT_*
// variables with action.yml's defaults applied, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// RUNNER_TEMP, and SIGINT to cancel. Used by the demo, the black-box tests and the benchmark.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readActionYml } from './action-yml.mjs'

export const ACTION_MAIN = fileURLToPath(new URL('../dist/index.js', import.meta.url))

const { inputs: DECLARED_INPUTS } = readActionYml()

/** @typedef {{ output: string, summary: string, temp: string, workspace: string }} RunnerFiles */

/**
 * The environment the runner gives the step for these inputs.
 * @param {Record<string, string>} inputs
 * @param {string} dir
 * @returns {{ env: Record<string, string>, files: RunnerFiles }}
 */
export function actionEnvironment(inputs, dir) {
  /** @type {Record<string, string>} */
  const env = {}
  for (const input of DECLARED_INPUTS) {
    env[`INPUT_${input.name.toUpperCase()}`] = inputs[input.name] ?? input.default ?? ''
  }
  for (const name of Object.keys(inputs)) {
    if (!DECLARED_INPUTS.some(input => input.name === name)) throw new Error(`action.yml declares no input '${name}'`)
  }
  const files = {
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary.md'),
    temp: path.join(dir, 'temp'),
    workspace: path.join(dir, 'workspace')
  }
  mkdirSync(files.temp, { recursive: true })
  mkdirSync(files.workspace, { recursive: true })
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  Object.assign(env, {
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: files.temp,
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_ACTIONS: 'true'
  })
  return { env, files }
}

/**
 * @typedef {object} ActionRun What a run of the action left: its exit, log, outputs and summary.
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {number} ms
 * @property {string} stdout
 * @property {string} stderr
 * @property {string[]} lines
 * @property {Record<string, string>} outputs
 * @property {string} summary
 * @property {RunnerFiles} files
 */

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} [inputs] input names to values
 * @property {Record<string, string | undefined>} [env] variables to add, or to remove (undefined)
 * @property {string} [node] the node binary
 * @property {string} [main] the action's entry point
 * @property {(files: RunnerFiles) => void} [setup] prepares the runner's files before the start
 */

/**
 * Starts the action. `inputs` maps input names to values; `env` adds or removes (undefined)
 * variables. Returns the child process, a promise of the finished run, and `waitFor(pattern)`,
 * which resolves when a line of the log matches.
 * @param {RunOptions} options
 */
export function startAction({ inputs = {}, env = {}, node = process.execPath, main = ACTION_MAIN, setup } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'webhook-run-'))
  const { env: actionEnv, files } = actionEnvironment(inputs, dir)
  setup?.(files)
  /** @type {Record<string, string | undefined>} */
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...actionEnv, ...env }
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name]
  const child = spawn(node, [main], { env: childEnv, cwd: files.workspace, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  /** @type {Array<{ pattern: RegExp, resolve: () => void, reject: (error: Error) => void }>} */
  const watchers = []
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', chunk => {
    stdout += chunk
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(stdout)) {
        watchers.splice(watchers.indexOf(watcher), 1)
        watcher.resolve()
      }
    }
  })
  child.stderr.on('data', chunk => (stderr += chunk))
  const started = performance.now()
  /** @type {Promise<ActionRun>} */
  const finished = new Promise(resolve => {
    child.on('close', (code, signal) => {
      for (const watcher of watchers)
        watcher.reject(new Error(`the action ended before its log matched ${watcher.pattern}\n${stdout}${stderr}`))
      resolve({
        code,
        signal,
        ms: performance.now() - started,
        stdout,
        stderr,
        lines: stdout.split('\n').filter(line => line !== ''),
        outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
        summary: readFileSync(files.summary, 'utf8'),
        files
      })
    })
  })
  /** @param {RegExp} pattern @returns {Promise<void>} */
  const waitFor = pattern =>
    pattern.test(stdout)
      ? Promise.resolve()
      : new Promise((resolve, reject) => watchers.push({ pattern, resolve, reject }))
  return { child, finished, waitFor, files }
}

/**
 * Runs the action to its end.
 * @param {RunOptions} options
 */
export function runAction(options) {
  return startAction(options).finished
}

/** Reads a GITHUB_OUTPUT file (`name<<DELIMITER` … `DELIMITER` blocks, or `name=value` lines). */
/** @param {string} text */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}
