// @ts-check
// A small job API on 127.0.0.1, the kind of service the action calls: the demo, the benchmark and
// the tests start it. Each poll of a job moves it one step along its plan.
//
//   POST /jobs            {"name": "...", "plan": [{"status": "RUNNING", "progress": "..."}, ...] or "fails"}
//                         or {"polls": N}: RUNNING through 10 progress steps, SUCCEEDED at the Nth poll
//                         → 202, Location: /jobs/<id>, {"id", "statusUrl"}
//   GET  /jobs/<id>       → 200 {"id", "name", "status", "progress", "percent", ...}
//   POST /jobs/<id>/cancel → 202 {"id", "status": "CANCELED"}
//
// and HTTP's own pattern for long-running work (RFC 9110's 202 and 303), with no status field:
//
//   POST /builds          → 202, Location: /builds/<id>, Retry-After: 1
//   GET  /builds/<id>     → 202 {"progress"} twice, then 303 See Other, Location: /builds/<id>/artifact
//   GET  /builds/<id>/artifact → 200 {"artifact", "sha256"}
//
// With a token, every request must send `Authorization: Bearer <token>`.

import * as http from 'node:http'
import { pathToFileURL } from 'node:url'

export const DEPLOY_PLAN = [
  { status: 'QUEUED', progress: 'waiting for a runner' },
  { status: 'RUNNING', progress: 'building image', percent: 20 },
  { status: 'RUNNING', progress: 'running tests (3 of 7)', percent: 50 },
  { status: 'RUNNING', progress: 'rolling out to 3 pods', percent: 80 },
  {
    status: 'SUCCEEDED',
    progress: 'deployed',
    percent: 100,
    image: 'registry.local/shop:1.4.2',
    url: 'https://shop.local'
  }
]

export const FAILING_PLAN = [
  { status: 'QUEUED', progress: 'waiting for a runner' },
  { status: 'RUNNING', progress: 'running migrations' },
  { status: 'FAILED', progress: 'migration 042 failed', error: 'column "sku" already exists' }
]

/**
 * @typedef {{ status: string, progress: string, percent?: number, [field: string]: unknown }} JobState
 * @typedef {{ id: string, name: string, plan: JobState[], step: number, polls: number, canceled?: boolean }} Job
 * @typedef {{ id: string, polls: number }} Build
 * @typedef {(status: number, body: unknown, headers?: Record<string, string>) => void} Reply
 */

/**
 * A plan that runs for `polls` polls, then succeeds: for long waits.
 * @param {number} polls
 * @returns {JobState[]}
 */
function longPlan(polls) {
  return Array.from({ length: polls }, (_, i) =>
    i === polls - 1
      ? { status: 'SUCCEEDED', progress: 'done' }
      : { status: 'RUNNING', progress: `step ${Math.floor((i * 10) / polls) + 1} of 10` }
  )
}

/** Inputs that wait for a job of this API: its Location, its status and progress fields. */
export const WAIT_FOR_JOB = {
  'wait-for-completion': 'true',
  'status-url-resolution': 'location-header',
  'status-json-path': '$.status',
  'success-statuses': 'SUCCEEDED',
  'canceled-statuses': 'CANCELED',
  'terminal-statuses': 'FAILED',
  'progress-json-path': '$.progress'
}

/**
 * The 202 → 303 flow: a build that runs for two polls, then points to its artifact.
 * @param {string | undefined} method
 * @param {RegExpExecArray} match the path: /builds, /builds/<id> or /builds/<id>/artifact
 * @param {Map<string, Build>} builds
 * @param {Reply} reply
 */
function answerBuild(method, [, id, artifact], builds, reply) {
  if (method === 'POST' && !id) {
    const build = { id: String(builds.size + 1), polls: 0 }
    builds.set(build.id, build)
    return reply(202, { id: build.id }, { Location: `/builds/${build.id}`, 'Retry-After': '1' })
  }
  const build = builds.get(id)
  if (!build || method !== 'GET') return reply(404, { error: 'no such build' })
  if (artifact) return reply(200, { artifact: `shop-${build.id}.tgz`, sha256: 'e3b0c44298fc1c14' })
  build.polls++
  if (build.polls <= 2) return reply(202, { progress: `compiling (${build.polls} of 2)` })
  return reply(303, {}, { Location: `/builds/${build.id}/artifact` })
}

/**
 * Serves the API on 127.0.0.1 (`port` 0: any free port).
 * @param {{ token?: string, port?: number }} [options]
 */
export async function startJobApi({ token, port = 0 } = {}) {
  /** @type {Map<string, Job>} */
  const jobs = new Map()
  /** @type {Map<string, Build>} */
  const builds = new Map()
  let nextId = 1
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', chunk => chunks.push(chunk))
    req.on('end', () => {
      /** @type {Reply} */
      const reply = (status, body, headers = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
        res.end(JSON.stringify(body))
      }
      if (token && req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'unauthorized' })
      const path = new URL(req.url ?? '/', 'http://localhost').pathname
      const match = /^\/jobs\/(\d+)(\/cancel)?$/.exec(path)
      if (req.method === 'POST' && path === '/jobs') {
        /** @type {{ plan?: string | JobState[], polls?: number, name?: string }} */
        let request = {}
        try {
          request = JSON.parse(Buffer.concat(chunks).toString() || '{}')
        } catch {
          return reply(400, { error: 'the body is not JSON' })
        }
        const id = String(nextId++)
        const plan =
          request.plan === 'fails'
            ? FAILING_PLAN
            : request.polls
              ? longPlan(request.polls)
              : Array.isArray(request.plan)
                ? request.plan
                : DEPLOY_PLAN
        const job = { id, name: request.name ?? 'job', plan, step: -1, polls: 0 }
        jobs.set(id, job)
        return reply(202, { id, statusUrl: `/jobs/${id}` }, { Location: `/jobs/${id}` })
      }
      const build = /^\/builds(?:\/(\d+)(\/artifact)?)?$/.exec(path)
      if (build) return answerBuild(req.method, build, builds, reply)
      const job = match && jobs.get(match[1])
      if (!job) return reply(404, { error: 'no such job' })
      if (req.method === 'POST' && match[2]) {
        job.canceled = true
        return reply(202, { id: job.id, status: 'CANCELED' })
      }
      if (req.method === 'GET' && !match[2]) {
        job.polls++
        if (!job.canceled) job.step = Math.min(job.step + 1, job.plan.length - 1)
        const state = job.canceled ? { status: 'CANCELED', progress: 'canceled' } : job.plan[job.step]
        return reply(200, { id: job.id, name: job.name, ...state })
      }
      reply(405, { error: 'method not allowed' })
    })
  })
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise(resolve => server.listen(port, '127.0.0.1', () => resolve(undefined)))
  const { port: listening } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${listening}`,
    jobs,
    /** @returns {Promise<void>} */
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

// `node scripts/job-api.mjs [port]` serves the API until stopped: the e2e workflow runs it in the
// background on the runner.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const api = await startJobApi({ port: Number(process.argv[2] ?? 8787), token: process.env.JOB_API_TOKEN })
  console.log(`job API on ${api.url}`)
  const stop = () => void api.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
