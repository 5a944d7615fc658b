// npm run bench: what the action costs. Start-up against a bare Node script that sends one request,
// and the CPU time, memory and log lines of a poll, from two waits of different lengths against
// the job API on 127.0.0.1 (which runs in this process, so its work is not counted).

import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startJobApi, WAIT_FOR_JOB } from './job-api.mjs'
import { ACTION_MAIN, actionEnvironment } from './local-runner.mjs'

const PROBE = fileURLToPath(new URL('./bench-probe.mjs', import.meta.url))
const STARTS = Number(process.env.BENCH_STARTS ?? 20)
const SHORT_WAIT = 1000
const LONG_WAIT = 5000

/** Runs `node [args]` with the action's environment for `inputs`; resolves with its wall time and probe. */
function runNode(args, inputs) {
  const { env } = actionEnvironment(inputs, mkdtempSync(path.join(tmpdir(), 'webhook-bench-')))
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => {
      const ms = performance.now() - started
      const probe = /bench-probe (.*)/.exec(stderr)
      if (code !== 0) return reject(new Error(`exit ${code}: ${stdout}${stderr}`))
      resolve({ ms, lines: stdout.split('\n').filter(Boolean).length, ...(probe ? JSON.parse(probe[1]) : {}) })
    })
  })
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const fmt = (n, digits = 1) => n.toFixed(digits)

const api = await startJobApi()
const target = new URL(`${api.url}/jobs`)

// A bare Node script that sends one request: the floor for any action written in Node.
const bare = `
import * as http from 'node:http'
const req = http.request(${JSON.stringify(target.href)}, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, res => { res.resume(); res.on('end', () => {}) })
req.end('{}')
`
const call = { url: target.href, payload: '{}', summary: 'false' }

const bareTimes = []
const actionTimes = []
const actionCpu = []
for (let i = 0; i < STARTS; i++) {
  bareTimes.push((await runNode(['--input-type=module', '-e', bare], {})).ms)
  const run = await runNode(['--import', PROBE, ACTION_MAIN], call)
  actionTimes.push(run.ms)
  actionCpu.push(run.cpuMs)
}

async function wait(polls) {
  return runNode(['--expose-gc', '--import', PROBE, ACTION_MAIN], {
    url: target.href,
    payload: JSON.stringify({ polls }),
    ...WAIT_FOR_JOB,
    'poll-interval': '1ms'
  })
}
const short = await wait(SHORT_WAIT)
const long = await wait(LONG_WAIT)
await api.close()

const extraPolls = LONG_WAIT - SHORT_WAIT
console.log(`Node ${process.version}, ${STARTS} starts each, medians`)
console.log(
  `start-up, wall time:      bare Node sending one request ${fmt(median(bareTimes))} ms; the action's webhook call ${fmt(median(actionTimes))} ms (+${fmt(median(actionTimes) - median(bareTimes))} ms)`
)
console.log(`start-up, CPU time:       the action's webhook call ${fmt(median(actionCpu))} ms`)
console.log(
  `per poll, CPU time:       ${fmt((long.cpuMs - short.cpuMs) / extraPolls, 3)} ms  (${SHORT_WAIT} polls: ${fmt(short.cpuMs)} ms, ${LONG_WAIT} polls: ${fmt(long.cpuMs)} ms, local HTTP included)`
)
console.log(`per poll, wall time:      ${fmt((long.ms - short.ms) / extraPolls, 3)} ms at poll-interval 1ms`)
console.log(
  `live heap after GC:       ${fmt(short.heapUsedKb / 1024, 2)} MB after ${SHORT_WAIT} polls, ${fmt(long.heapUsedKb / 1024, 2)} MB after ${LONG_WAIT} polls`
)
console.log(
  `peak memory (RSS):        ${fmt(short.maxRssKb / 1024)} MB after ${SHORT_WAIT} polls, ${fmt(long.maxRssKb / 1024)} MB after ${LONG_WAIT} polls`
)
console.log(
  `log lines:                ${short.lines} after ${SHORT_WAIT} polls, ${long.lines} after ${LONG_WAIT} polls`
)
