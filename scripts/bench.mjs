// @ts-check
// npm run bench: what the action costs, side by side in one run.
//
// Start-up (wall time and CPU time of the whole process, medians of BENCH_STARTS rounds, default 20;
// in each round every contestant sends one POST to the job API below, in turn):
//   bare Node     a Node script that sends the request with node:http: the floor of any Node action
//   toolkit floor a script that imports @actions/core, reads one input with core.getInput, sends the
//                 same request and sets one output with core.setOutput; bundled with ncc at bench time
//                 (ESM, with the code-changing ncc options of `npm run bundle`), so it is compared
//                 like for like: the floor of an action that stands on the toolkit
//   the action    dist/index.js (npm run bundle first), a webhook call without waiting
//   peer          optional: BENCH_PEER=<path to another action's dist/index.js>[,<another>] runs it with
//                 the defaults of the action.yml next to its dist/ folder, url set to the same API,
//                 e.g. fjogeleit/http-request-action (CommonJS: its dist needs no package.json)
// A wait (BENCH_WAITS runs of each length, default 3, medians): CPU per poll from the difference
// between a 2,000-poll and a 4,000-poll wait at poll-interval 1ms, peak RSS and the log lines of
// the 2,000-poll wait; then one more run of each length with --expose-gc for the live heap after a
// full GC at its end. Only those two: the probe's full GC slows Node's own end (its sweeper threads
// are joined at exit), by about 1.3 ms here, which no real run pays.
// The time from the final poll to exit: from when the 2,000-poll wait read its last answer (the
// probe's clock) to when this process saw it end. Targets (docs/startup.md) are printed met/MISSED.
// The job API runs in this process, so its work is not counted.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { startJobApi, WAIT_FOR_JOB } from './job-api.mjs'
import { ACTION_MAIN, actionEnvironment } from './local-runner.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PROBE = fileURLToPath(new URL('./bench-probe.cjs', import.meta.url))
const STARTS = Number(process.env.BENCH_STARTS ?? 20)
const WAITS = Number(process.env.BENCH_WAITS ?? 3)
const SHORT_WAIT = 2000
const LONG_WAIT = 4000
const PEERS = (process.env.BENCH_PEER ?? '').split(',').filter(Boolean)

/**
 * What bench-probe.cjs reports at a process's exit.
 * @typedef {{ cpuMs: number, maxRssKb: number, heapUsedKb: number, lastAnswerAt: number, probeMs: number }} Probe
 * One process's run: its wall time, log lines, the probe's report and the time from its last answer to its end.
 * @typedef {Probe & { ms: number, lines: number, lastAnswerToExitMs: number }} Run
 * A contestant of the start-up rounds, with its figures round by round.
 * @typedef {{ name: string, run: () => Promise<Run>, ms: number[], cpu: number[], rss: number[], exit: number[] }} Contestant
 */

const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const fmt = (/** @type {number} */ n, digits = 1) => n.toFixed(digits)

/**
 * Runs `node [args]` with `env` (and the runner's files); resolves with its wall time, log lines and probe.
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 * @returns {Promise<Run>}
 */
function runNode(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      cwd: env.GITHUB_WORKSPACE,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => {
      const ms = performance.now() - started
      const closedAt = performance.timeOrigin + performance.now()
      const probe = /bench-probe (.*)/.exec(stderr)
      if (code !== 0) return reject(new Error(`${args.at(-1)}: exit ${code}: ${stdout}${stderr}`))
      const report = probe ? JSON.parse(probe[1]) : {}
      const lines = stdout.split('\n').filter(Boolean).length
      resolve({ ms, lines, ...report, lastAnswerToExitMs: closedAt - report.lastAnswerAt - report.probeMs })
    })
  })
}

const scratch = mkdtempSync(path.join(tmpdir(), 'webhook-bench-'))
let runs = 0
/** The runner's environment for our action's `inputs`, in a fresh folder. */
const ourEnv = (/** @type {Record<string, string>} */ inputs) =>
  actionEnvironment(inputs, mkdtempSync(path.join(scratch, `run${runs++}-`))).env
/** The runner's environment for another action: inputs as INPUT_<NAME>, the same runner files. */
const otherEnv = (/** @type {Record<string, string>} */ inputs) => {
  const { env } = actionEnvironment({}, mkdtempSync(path.join(scratch, `run${runs++}-`)))
  for (const name of Object.keys(env)) if (name.startsWith('INPUT_')) delete env[name]
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return env
}

/**
 * The ncc options of `npm run bundle` that change the code (minify, target, source maps), for the floor too.
 * @returns {string[]}
 */
function bundleFlags() {
  /** @type {string} */
  const script = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.bundle
  const words = script.split(/\s+/)
  return words.flatMap((word, i) =>
    ['-m', '--minify', '-s', '--source-map', '--no-source-map-register'].includes(word)
      ? [word]
      : word === '--target' || word === '-t'
        ? [word, words[i + 1]]
        : []
  )
}

/**
 * Bundles the toolkit floor with ncc, as `npm run bundle` bundles the action; returns its main.
 * @returns {Promise<string>}
 */
function bundleFloor() {
  // The source sits inside the project, so that ncc resolves @actions/core from its node_modules.
  const source = mkdtempSync(path.join(ROOT, 'node_modules', '.bench-floor-'))
  const out = path.join(scratch, 'floor')
  writeFileSync(
    path.join(source, 'floor.js'),
    `import * as core from '@actions/core'
import * as http from 'node:http'
const url = core.getInput('url', { required: true })
const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, res => {
  res.resume()
  res.on('end', () => core.setOutput('status', String(res.statusCode)))
})
req.end(core.getInput('payload') || '{}')
`
  )
  return new Promise((resolve, reject) => {
    const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
    const args = [ncc, 'build', path.join(source, 'floor.js'), '-o', out, '-q', ...bundleFlags()]
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'inherit']
    })
    child.on('close', code => {
      rmSync(source, { recursive: true, force: true })
      if (code !== 0) return reject(new Error(`ncc failed to bundle the toolkit floor (exit ${code})`))
      resolve(path.join(out, 'index.js'))
    })
  })
}

/**
 * A peer action's name and the defaults of its inputs, from the action.yml beside its dist/ folder.
 * @param {string} main
 */
function peerAction(main) {
  const file = ['action.yml', 'action.yaml'].map(name => path.join(path.dirname(main), '..', name)).find(existsSync)
  const yml = file ? parseYaml(readFileSync(file, 'utf8')) : {}
  /** @type {Record<string, string>} */
  const inputs = {}
  for (const [name, spec] of Object.entries(yml.inputs ?? {}))
    inputs[name] = spec?.default === undefined ? '' : String(spec.default)
  return { name: `peer: ${yml.name ?? main}`, inputs }
}

if (!existsSync(ACTION_MAIN)) throw new Error('no dist/index.js: run npm run bundle first')
const api = await startJobApi()
const target = `${api.url}/jobs`
mkdirSync(scratch, { recursive: true })

const bareMain = path.join(scratch, 'bare.mjs')
writeFileSync(
  bareMain,
  `import * as http from 'node:http'
const req = http.request(process.env.INPUT_URL, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, res => res.resume())
req.end('{}')
`
)
const floorMain = await bundleFloor()

// Typed with the figures the loop below gives every contestant.
const contestants = /** @type {Contestant[]} */ ([
  { name: 'bare Node, one request', run: () => runNode(['--require', PROBE, bareMain], ourEnv({ url: target })) },
  {
    name: 'toolkit floor (@actions/core)',
    run: () => runNode(['--require', PROBE, floorMain], ourEnv({ url: target, payload: '{}' }))
  },
  {
    name: "the action's webhook call",
    run: () => runNode(['--require', PROBE, ACTION_MAIN], ourEnv({ url: target, payload: '{}', summary: 'false' }))
  },
  ...PEERS.map(main => {
    const { name, inputs } = peerAction(main)
    const call = { ...inputs, url: target, method: 'POST', data: '{}' }
    return { name, run: () => runNode(['--require', PROBE, main], otherEnv(call)) }
  })
])
for (const c of contestants) Object.assign(c, { ms: [], cpu: [], rss: [], exit: [] })

for (let i = 0; i < STARTS; i++) {
  // Rotate the order each round, so that no contestant always runs first after a pause.
  for (let j = 0; j < contestants.length; j++) {
    const c = contestants[(i + j) % contestants.length]
    const run = await c.run()
    c.ms.push(run.ms)
    c.cpu.push(run.cpuMs)
    c.rss.push(run.maxRssKb)
    c.exit.push(run.lastAnswerToExitMs)
  }
}
const [bare, floor, action, ...peers] = contestants
// The ratio round by round (the machine's speed drifts less within a round), then its median.
const ratioTo = (/** @type {Contestant} */ other) => median(action.ms.map((ms, i) => ms / other.ms[i]))

const wait = (/** @type {number} */ polls, /** @type {string[]} */ flags = []) =>
  runNode(
    [...flags, '--require', PROBE, ACTION_MAIN],
    ourEnv({ url: target, payload: JSON.stringify({ polls }), ...WAIT_FOR_JOB, 'poll-interval': '1ms' })
  )
/** @type {Record<number, Run[]>} */
const waits = { [SHORT_WAIT]: [], [LONG_WAIT]: [] }
for (let i = 0; i < WAITS; i++) for (const polls of [SHORT_WAIT, LONG_WAIT]) waits[polls].push(await wait(polls))
const heapShort = (await wait(SHORT_WAIT, ['--expose-gc'])).heapUsedKb / 1024
const heapLong = (await wait(LONG_WAIT, ['--expose-gc'])).heapUsedKb / 1024
await api.close()
rmSync(scratch, { recursive: true, force: true })

const of = (/** @type {number} */ polls, /** @type {keyof Run} */ key) => median(waits[polls].map(run => run[key]))
const cpuPerPoll = (of(LONG_WAIT, 'cpuMs') - of(SHORT_WAIT, 'cpuMs')) / (LONG_WAIT - SHORT_WAIT)
const lines = of(SHORT_WAIT, 'lines')
const ok = (/** @type {boolean} */ pass) => (pass ? 'met' : 'MISSED')
const exitAfterFinalPoll = of(SHORT_WAIT, 'lastAnswerToExitMs')
const peakRss = of(SHORT_WAIT, 'maxRssKb') / 1024

/** @type {string[][]} */
const rows = [['start-up', 'wall ms', 'CPU ms', 'peak RSS MB']]
for (const c of contestants) rows.push([c.name, fmt(median(c.ms)), fmt(median(c.cpu)), fmt(median(c.rss) / 1024)])
const widths = rows[0].map((_, k) => Math.max(...rows.map(row => row[k].length)))
const table = rows.map(row => row.map((cell, k) => (k ? cell.padStart(widths[k]) : cell.padEnd(widths[k]))).join('  '))

/** @typedef {[what: string, figure: string, target: string, met: boolean]} Target */
/**
 * The targets of docs/startup.md: [what, figure, target, met].
 * @type {Target[]}
 */
const targets = [
  ['cold start / bare Node', `${fmt(ratioTo(bare), 2)}x`, '<= 1.5x', ratioTo(bare) <= 1.5],
  ['cold start / toolkit floor', `${fmt(ratioTo(floor), 2)}x`, '<= 0.65x', ratioTo(floor) <= 0.65],
  ...peers.map(
    peer =>
      /** @type {Target} */ ([`cold start / ${peer.name}`, `${fmt(ratioTo(peer), 2)}x`, '< 0.5x', ratioTo(peer) < 0.5])
  ),
  ['CPU per poll', `${fmt(cpuPerPoll, 3)} ms`, '<= 0.3 ms', cpuPerPoll <= 0.3],
  [`peak RSS, ${SHORT_WAIT} polls`, `${fmt(peakRss)} MB`, '<= 64 MB', peakRss <= 64],
  ['final poll to exit', `${fmt(exitAfterFinalPoll)} ms`, '<= 15 ms', exitAfterFinalPoll <= 15],
  [`log lines, ${SHORT_WAIT} polls`, String(lines), '< 20', lines < 20]
]

console.log(`Node ${process.version}, medians of ${STARTS} starts and ${WAITS} waits of each length`)
console.log(table[0])
console.log(table.slice(1).join('\n'))
console.log(
  `action / toolkit floor:   ${fmt(median(action.cpu) / median(floor.cpu), 2)}x CPU; bare Node / toolkit floor ${fmt(median(bare.ms) / median(floor.ms), 2)}x wall`
)
console.log(
  `CPU per poll:             ${SHORT_WAIT} polls ${fmt(of(SHORT_WAIT, 'cpuMs'))} ms, ${LONG_WAIT} polls ${fmt(of(LONG_WAIT, 'cpuMs'))} ms, wall ${fmt((of(LONG_WAIT, 'ms') - of(SHORT_WAIT, 'ms')) / (LONG_WAIT - SHORT_WAIT), 3)} ms/poll`
)
console.log(
  `live heap after GC:       ${fmt(heapShort, 2)} MB after ${SHORT_WAIT} polls, ${fmt(heapLong, 2)} MB after ${LONG_WAIT} (growth ${fmt(((heapLong - heapShort) * 1024 * 1024) / (LONG_WAIT - SHORT_WAIT), 0)} B/poll)`
)
console.log(
  `answer to exit, start-up: bare Node ${fmt(median(bare.exit))} ms, the action ${fmt(median(action.exit))} ms (what a process's end costs here)`
)
console.log(`peak RSS of the wait:     ${fmt(of(LONG_WAIT, 'maxRssKb') / 1024)} MB after ${LONG_WAIT} polls`)
if (!peers.length) console.log('(no peer: BENCH_PEER=<path to its dist/index.js> adds one, see docs/startup.md)')
console.log('\ntargets (cold-start ratios: medians of the round-by-round ratios)')
const w = Math.max(...targets.map(([what]) => what.length))
for (const [what, figure, target, met] of targets)
  console.log(`  ${what.padEnd(w)}  ${figure.padStart(9)}  target ${target.padEnd(9)}  ${ok(met)}`)
