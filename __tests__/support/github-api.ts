// A local stand-in for GitHub's REST API, as the docs' recipe meets it: workflow dispatch (200
// with the run's details when the body asks for `return_run_details`, else 204), workflow runs
// that move queued → in_progress → completed with `conclusion` null until then, the run's
// cancel, bearer-token authentication, and GitHub's primary rate limit: `x-ratelimit-*` headers
// on every answer and `403` with `x-ratelimit-remaining: 0` once it is spent, until it resets.
//
//   POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches
//        {"ref", "inputs"?, "return_run_details"?} → 200 {"workflow_run_id", "run_url", "html_url"} or 204
//   GET  /repos/{owner}/{repo}/actions/runs/{id}         → 200 the run
//   POST /repos/{owner}/{repo}/actions/runs/{id}/cancel  → 202 {}

import type { IncomingHttpHeaders } from 'node:http'
import { startServer, type Answer, type Received, type TestServer } from './server.js'

export interface GitHubApiOptions {
  /** The token every request must bring as `Authorization: Bearer <token>`. */
  token: string
  /** How the dispatched run ends: success, failure, cancelled, timed_out … */
  conclusion: string
  /** The run's status at each poll before it is completed (the last one repeats no further). */
  before?: string[]
  /**
   * The request (0-based, counting every request) at which the rate limit is found spent. It
   * resets `resetInSeconds` later (GitHub's reset is a whole second), and until then every
   * request is answered 403 with `x-ratelimit-remaining: 0`.
   */
  spendAt?: number
  resetInSeconds?: number
}

export interface Run {
  id: number
  workflow: string
  ref: string
  inputs: unknown
  polls: number
  cancelled: boolean
}

export interface GitHubApi {
  /** `http://127.0.0.1:<port>`, where GitHub's answers point (as GitHub's point to https://api.github.com). */
  url: string
  host: string
  received: Received[]
  runs: Run[]
  /** Answers given, in order: the status code and the rate-limit headers. */
  answers: Array<{ status: number; headers: Record<string, string> }>
  close(): Promise<void>
}

const LIMIT = 5000

export async function startGitHubApi(options: GitHubApiOptions): Promise<GitHubApi> {
  const runs: Run[] = []
  const answers: GitHubApi['answers'] = []
  let used = 0
  let resetAt = Math.ceil(Date.now() / 1000) + 3600
  let spentUntil: number | undefined
  let base = ''

  const rateHeaders = (remaining: number): Record<string, string> => ({
    'x-ratelimit-limit': String(LIMIT),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetAt),
    'x-ratelimit-used': String(LIMIT - remaining),
    'x-ratelimit-resource': 'core'
  })

  const answer = (request: Received, index: number): Answer => {
    if (index === options.spendAt) {
      resetAt = Math.ceil(Date.now() / 1000) + (options.resetInSeconds ?? 1)
      spentUntil = resetAt * 1000
    }
    if (spentUntil !== undefined && Date.now() < spentUntil) {
      return {
        status: 403,
        headers: rateHeaders(0),
        body: {
          message:
            'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403'
        }
      }
    }
    if (spentUntil !== undefined) {
      // A new window: the limit is back.
      spentUntil = undefined
      used = 0
      resetAt = Math.ceil(Date.now() / 1000) + 3600
    }
    used++
    const reply = route(request)
    return { ...reply, headers: { ...rateHeaders(LIMIT - used), ...reply.headers } }
  }

  const route = (request: Received): Answer => {
    if (bearer(request.headers) !== options.token) {
      return { status: 401, body: { message: 'Bad credentials', status: '401' } }
    }
    const version = request.headers['x-github-api-version']
    if (version !== undefined && version !== '2022-11-28') {
      return { status: 400, body: { message: `Unsupported API version ${String(version)}` } }
    }
    const path = new URL(request.url, base).pathname
    const dispatch = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/.exec(path)
    if (dispatch && request.method === 'POST') return dispatchWorkflow(request, dispatch[1], dispatch[2], dispatch[3])
    const runPath = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(\/cancel)?$/.exec(path)
    const run = runPath && runs.find(candidate => candidate.id === Number(runPath[3]))
    if (run && runPath[4] && request.method === 'POST') {
      run.cancelled = true
      return { status: 202, body: {} }
    }
    if (run && !runPath[4] && request.method === 'GET')
      return { status: 200, body: describeRun(run, runPath[1], runPath[2]) }
    return { status: 404, body: { message: 'Not Found', status: '404' } }
  }

  const dispatchWorkflow = (request: Received, owner: string, repo: string, workflow: string): Answer => {
    let body: { ref?: unknown; inputs?: unknown; return_run_details?: unknown }
    try {
      body = JSON.parse(request.body) as typeof body
    } catch {
      return { status: 400, body: { message: 'Problems parsing JSON' } }
    }
    if (typeof body.ref !== 'string') {
      return { status: 422, body: { message: 'Invalid request.\n\n"ref" wasn\'t supplied.', status: '422' } }
    }
    const run: Run = {
      id: 7_000_000 + runs.length,
      workflow,
      ref: body.ref,
      inputs: body.inputs,
      polls: 0,
      cancelled: false
    }
    runs.push(run)
    if (body.return_run_details !== true) return { status: 204 }
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${base}/repos/${owner}/${repo}/actions/runs/${run.id}`,
        html_url: `https://github.com/${owner}/${repo}/actions/runs/${run.id}`
      }
    }
  }

  const describeRun = (run: Run, owner: string, repo: string): object => {
    const before = options.before ?? ['queued', 'in_progress']
    const poll = run.polls++
    const done = run.cancelled || poll >= before.length
    return {
      id: run.id,
      name: run.workflow,
      head_branch: run.ref,
      event: 'workflow_dispatch',
      status: done ? 'completed' : before[poll],
      conclusion: run.cancelled ? 'cancelled' : done ? options.conclusion : null,
      url: `${base}/repos/${owner}/${repo}/actions/runs/${run.id}`,
      html_url: `https://github.com/${owner}/${repo}/actions/runs/${run.id}`,
      run_attempt: 1
    }
  }

  const server: TestServer = await startServer((request, _res, index) => {
    const reply = answer(request, index)
    answers.push({ status: reply.status ?? 200, headers: (reply.headers ?? {}) as Record<string, string> })
    return reply
  })
  base = server.url
  return {
    url: server.url,
    host: `127.0.0.1:${server.port}`,
    received: server.received,
    runs,
    answers,
    close: server.close
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1]
}
