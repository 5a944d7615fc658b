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

/** The environment the runner gives the step for these inputs. */
export function actionEnvironment(inputs, dir) {
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
 * Starts the action. `inputs` maps input names to values; `env` adds or removes (undefined)
 * variables. Returns the child process, a promise of the finished run, and `waitFor(pattern)`,
 * which resolves when a line of the log matches.
 */
export function startAction({ inputs = {}, env = {}, node = process.execPath, main = ACTION_MAIN, setup } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'webhook-run-'))
  const { env: actionEnv, files } = actionEnvironment(inputs, dir)
  setup?.(files)
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...actionEnv, ...env }
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name]
  const child = spawn(node, [main], { env: childEnv, cwd: files.workspace, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
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
  const waitFor = pattern =>
    pattern.test(stdout)
      ? Promise.resolve()
      : new Promise((resolve, reject) => watchers.push({ pattern, resolve, reject }))
  return { child, finished, waitFor, files }
}

/** Runs the action to its end. */
export function runAction(options) {
  return startAction(options).finished
}

/** Reads a GITHUB_OUTPUT file (`name<<DELIMITER` … `DELIMITER` blocks, or `name=value` lines). */
export function parseOutputFile(text) {
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
