// @ts-check
// npm run local: the action's TypeScript source run by GitHub's local runner, @github/local-action,
// against the demo job API on 127.0.0.1 (no network, no build: local-action compiles src/ with tsx).
//
//   node scripts/local.mjs [dotenv-file]          (default: .env.example)
//
// It starts the job API, writes a temporary dotenv file (the given one, then the lines only this
// run knows: the API's URL and token, the wait inputs of WAIT_FOR_JOB, the runner's files), runs
// `local-action run . src/main.ts <that file>`, which imports src/main.ts and awaits its run(), and
// prints local-action's log, then the outputs and the job summary.
//
// The exit code is local-action's; when that is 0 but the status output is not SUCCEEDED it is 1,
// as on a runner: local-action's stand-in for core.setFailed() sets no exit code.
// With LOCAL_RUN_RESULT=<file>, {code, outputs, summary} is also written there as JSON.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startJobApi, WAIT_FOR_JOB } from './job-api.mjs'

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)))
const LOCAL_ACTION = path.join(ROOT, 'node_modules/@github/local-action/bin/local-action.js')
const ENTRYPOINT = 'src/main.ts'
const TOKEN = 'local-token-7c21'

if (!existsSync(LOCAL_ACTION)) {
  console.error(`${path.relative(ROOT, LOCAL_ACTION)} is missing: npm ci installs @github/local-action`)
  process.exit(1)
}

const base = path.resolve(process.argv[2] ?? path.join(ROOT, '.env.example'))
const dir = mkdtempSync(path.join(tmpdir(), 'webhook-local-'))
const files = {
  dotenv: path.join(dir, '.env'),
  summary: path.join(dir, 'summary.md'),
  temp: path.join(dir, 'runner-temp')
}
mkdirSync(files.temp)
writeFileSync(files.summary, '')

const api = await startJobApi({ token: TOKEN })
const filledIn = {
  INPUT_URL: `${api.url}/jobs`,
  INPUT_HEADERS: `Authorization: Bearer ${TOKEN}\nX-Team: shop`,
  ...Object.fromEntries(Object.entries(WAIT_FOR_JOB).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  GITHUB_STEP_SUMMARY: files.summary,
  RUNNER_TEMP: files.temp,
  GITHUB_WORKSPACE: ROOT
}
// dotenv keeps the last of two lines with the same name: these win over the file's.
writeFileSync(
  files.dotenv,
  `${readFileSync(base, 'utf8')}\n\n# Filled in by scripts/local.mjs for this run\n` +
    Object.entries(filledIn)
      .map(([name, value]) => dotenvLine(name, value))
      .join('\n') +
    '\n'
)

// The step sees the dotenv file, not this shell's inputs or runner variables.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_|LOCAL_ACTION_)/i.test(name))
)
delete env.LOCAL_RUN_RESULT
Object.assign(env, {
  FORCE_COLOR: process.stdout.isTTY ? '1' : '0',
  // local-action's bin runs `npm exec tsx …`: the tsx in node_modules, never a download.
  npm_config_offline: 'true',
  npm_config_update_notifier: 'false'
})

// Its own process group (not on Windows), so that a signal to this script reaches npm, tsx and the
// action, and none is left behind.
const detached = process.platform !== 'win32'
const child = spawn(process.execPath, [LOCAL_ACTION, 'run', ROOT, ENTRYPOINT, files.dotenv], {
  cwd: ROOT,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
  detached
})
let log = ''
child.stdout.setEncoding('utf8')
child.stdout.on('data', chunk => {
  log += chunk
  process.stdout.write(chunk)
})
child.stderr.pipe(process.stderr)

/** @param {NodeJS.Signals} signal */
const forward = signal => {
  try {
    if (detached && child.pid !== undefined) process.kill(-child.pid, signal)
    else child.kill(signal)
  } catch {
    // Already gone.
  }
}
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

/** @type {{ code: number | null, signal: NodeJS.Signals | null }} */
const { code: childCode, signal } = await new Promise(resolve => {
  child.on('error', error => {
    console.error(`local-action did not start: ${error.message}`)
    resolve({ code: 1, signal: null })
  })
  child.on('close', (code, signal) => resolve({ code, signal }))
})
await api.close()

const outputs = parseOutputs(log)
const summary = readFileSync(files.summary, 'utf8')
let code = childCode ?? 1
let note = signal ? `local-action ended on ${signal}` : `local-action exited with code ${childCode}`
if (code === 0 && outputs.status !== 'SUCCEEDED') {
  code = 1
  note += `, but the status output is ${outputs.status ?? 'missing'}: exit code 1`
}

/** @param {string} text */
const bold = text => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
console.log(bold('\n── outputs'))
for (const [name, value] of Object.entries(outputs))
  console.log(`  ${name}: ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)
console.log(bold('\n── job summary (Markdown)'))
process.stdout.write(summary ? summary.replace(/^/gm, '  ') : '  (none)\n')
console.log(bold(`\n── ${note}`))

if (process.env.LOCAL_RUN_RESULT)
  writeFileSync(process.env.LOCAL_RUN_RESULT, JSON.stringify({ code, outputs, summary }, null, 2))
rmSync(dir, { recursive: true, force: true })
process.exitCode = code

/**
 * A dotenv line that gives back `value` exactly (dotenv turns \n into a line break in "…").
 * @param {string} name
 * @param {string} value
 */
function dotenvLine(name, value) {
  if (!value.includes("'") && !value.includes('\n')) return `${name}='${value}'`
  if (!value.includes('"') && !value.includes('\\n')) return `${name}="${value.replace(/\n/g, '\\n')}"`
  throw new Error(`${name}: dotenv cannot hold ${JSON.stringify(value)}`)
}

/**
 * The outputs from local-action's log: its core.setOutput() prints `::set-output name=<name>::<value>`
 * and keeps no file. A value runs on over the next lines until the next command line (`::…::`) or
 * the banner local-action prints after run() (a blank line, then a line of `=`).
 * @param {string} text
 */
function parseOutputs(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  /** @type {string | undefined} */
  let name
  /** @type {string[]} */
  let lines = []
  const end = () => {
    if (name !== undefined) outputs[name] = lines.join('\n')
    name = undefined
  }
  // eslint-disable-next-line no-control-regex -- the terminal colours local-action prints
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split(/\r?\n/)) {
    const set = /^::set-output name=(.*?)::(.*)$/.exec(line)
    if (set) {
      end()
      ;[, name] = set
      lines = [set[2]]
    } else if (name === undefined) continue
    else if (/^::[a-z-]+( [^\n]*?)?::/.test(line)) end()
    else if (/^={20,}$/.test(line)) {
      if (lines.length > 1 && lines.at(-1) === '') lines.pop()
      end()
    } else lines.push(line)
  }
  end()
  return outputs
}
