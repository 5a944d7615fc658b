// Waiting on GitHub itself: the docs' recipe, copied from docs/github-api.md as a user would,
// starts a workflow on a local stand-in for GitHub's REST API and ends by the run's conclusion;
// a spent rate limit is waited out, not failed; a run's null conclusion is "not yet" only when
// missing-status says so.

import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { everythingShown, runStep, visibleLog, type ActionRun } from '../support/action.js'
import { startGitHubApi, type GitHubApi, type GitHubApiOptions } from '../support/github-api.js'
import { startServer, type TestServer } from '../support/server.js'
import { inTurn } from '../support/servers.js'

const RECIPE = path.resolve(import.meta.dirname, '../../docs/github-api.md')
const TOKEN = 'github_pat_11ABCDEFG0123456789_stand-in-token'

// The tests run at once (describe.concurrent): they mostly wait out the recipe's one-second
// polls and rate-limit resets, each on servers of its own, closed when all are done.
const servers: Array<GitHubApi | TestServer> = []
afterAll(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

async function gitHub(options: Omit<GitHubApiOptions, 'token'>): Promise<GitHubApi> {
  const api = await startGitHubApi({ token: TOKEN, ...options })
  servers.push(api)
  return api
}

/**
 * The `with:` block of the docs' first example, read from the Markdown, with only the host (to
 * the stand-in) and the token expression (to a token) replaced.
 */
function recipeInputs(api: GitHubApi): Record<string, string> {
  const markdown = readFileSync(RECIPE, 'utf8')
  const block = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1] ?? ''
  const workflow = parse(block, { schema: 'failsafe' }) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>
  }
  const step = Object.values(workflow.jobs)
    .flatMap(job => job.steps)
    .find(candidate => candidate.uses?.startsWith('your-org/webhook-stage-action@'))
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(step?.with ?? {})) {
    inputs[name] = value
      .replaceAll('https://api.github.com/', `${api.url}/`)
      .replaceAll('${{ secrets.DEPLOY_TOKEN }}', TOKEN)
    if (name === 'allowed-hosts') inputs[name] = value.replace('api.github.com', api.host)
  }
  return inputs
}

const dispatches = (api: GitHubApi) => api.received.filter(request => request.url.endsWith('/dispatches'))
const runPolls = (api: GitHubApi) => api.received.filter(request => request.method === 'GET')
const rateLimitLines = (run: ActionRun) => run.lines.filter(line => line.startsWith('rate limited'))

describe.concurrent('the recipe in docs/github-api.md', () => {
  it('is copied whole: every input is replaced only where it names the host or the token', async () => {
    const api = await gitHub({ conclusion: 'success' })
    const inputs = recipeInputs(api)
    expect(inputs).toMatchObject({
      url: `${api.url}/repos/your-org/deploy/actions/workflows/deploy.yml/dispatches`,
      'status-url-resolution': 'webhook-response',
      'status-url-json-path': '$.run_url',
      'status-json-path': '$.conclusion',
      'missing-status': 'running',
      'allowed-hosts': api.host
    })
    expect(JSON.stringify(inputs)).not.toContain('${{')
    expect(JSON.stringify(inputs)).not.toContain('api.github.com')
  })

  // One conclusion per status here; unit/github-recipe.test.ts maps every conclusion the recipe names.
  it.each([
    ['success', 'SUCCEEDED', 0],
    ['failure', 'TERMINAL', 1],
    ['cancelled', 'CANCELED', 1]
  ])('starts the workflow and ends by its conclusion: %s is %s', async (conclusion, status, code) => {
    const api = await gitHub({ conclusion })
    const run = await runStep(recipeInputs(api))
    expect(run.outputs.status).toBe(status)
    expect(run.code).toBe(code)

    // One dispatch, asking for the run's details, with GitHub's headers and the token.
    expect(dispatches(api)).toHaveLength(1)
    const [dispatch] = dispatches(api)
    expect(JSON.parse(dispatch.body)).toEqual({
      ref: 'main',
      inputs: { environment: 'production' },
      return_run_details: true
    })
    for (const request of api.received) {
      expect(request.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28'
      })
    }
    // Polled through queued and in_progress (conclusion null) to completed.
    expect(runPolls(api)).toHaveLength(3)
    expect(run.outputs['status-url']).toBe(`${api.url}/repos/your-org/deploy/actions/runs/${api.runs[0].id}`)
    expect(run.outputs['run-url']).toBe(`https://github.com/your-org/deploy/actions/runs/${api.runs[0].id}`)
    expect(run.lines).toContain(`status ${conclusion}`)
    expect(everythingShown(run)).not.toContain(TOKEN)
    // A final conclusion from the run itself: its cancel endpoint is left alone.
    expect(api.runs[0].cancelled).toBe(false)
  })

  it('says once that the status is not there yet, and then the conclusion when it comes', async () => {
    const api = await gitHub({ conclusion: 'success', before: ['queued', 'queued', 'in_progress', 'in_progress'] })
    const run = await runStep(recipeInputs(api))
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(runPolls(api)).toHaveLength(5)
    const log = visibleLog(run)
    expect(log.match(/no status yet/g)).toHaveLength(1)
    expect(log).toContain('no status yet: status-json-path $.conclusion found null; polling goes on')
    expect(log.match(/^status success$/gm)).toHaveLength(1)
    expect(log).toMatch(/progress: queued[\s\S]*progress: in_progress[\s\S]*progress: completed/)
  })

  it('waits out a rate limit spent while polling, and polls again only once it has reset', async () => {
    const api = await gitHub({ conclusion: 'success', spendAt: 2, resetInSeconds: 1 })
    const run = await runStep(recipeInputs(api))
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('SUCCEEDED')
    // One rate-limited answer: the next poll waited until x-ratelimit-reset.
    expect(api.answers.filter(answer => answer.status === 403)).toHaveLength(1)
    expect(rateLimitLines(run)).toEqual([
      expect.stringMatching(
        /^rate limited \(the status URL answered 403 Forbidden\): it resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in \d+(\.\d+)?m?s\); waiting$/
      )
    ])
  })

  it('waits out a rate limit spent at the dispatch, and dispatches once', async () => {
    const api = await gitHub({ conclusion: 'success', spendAt: 0, resetInSeconds: 1 })
    const run = await runStep(recipeInputs(api))
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(dispatches(api)).toHaveLength(2)
    expect(api.answers.filter(answer => answer.status === 403)).toHaveLength(1)
    expect(api.runs).toHaveLength(1)
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^retry 1 of 5 in .* until the rate limit resets: the webhook answered 403 Forbidden$/)
    )
    expect(rateLimitLines(run)).toHaveLength(1)
  })

  it('stops at once on a 403 that is not a rate limit (a token without the permission)', async () => {
    const api = await gitHub({ conclusion: 'success' })
    const inputs = recipeInputs(api)
    const server = await startServer(
      inTurn({
        status: 403,
        headers: { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) },
        body: { message: 'Resource not accessible by personal access token', status: '403' }
      })
    )
    servers.push(server)
    const run = await runStep({ ...inputs, url: `${server.url}/dispatches`, 'allowed-hosts': '' })
    expect(run.outputs.status).toBe('TERMINAL')
    expect(server.received).toHaveLength(1)
    expect(run.outputs.error).toMatch(/^the webhook answered 403 Forbidden: .*Resource not accessible/)
    expect(rateLimitLines(run)).toEqual([])
  })

  it('without missing-status: running, a null conclusion is TERMINAL at the first poll, as in Spinnaker', async () => {
    const api = await gitHub({ conclusion: 'success' })
    const inputs = recipeInputs(api)
    delete inputs['missing-status']
    const run = await runStep(inputs)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(runPolls(api)).toHaveLength(1)
    expect(run.outputs.error).toBe("status-json-path $.conclusion found null in the status URL's answer")
    // Waiting stopped without a conclusion: the run started is cancelled.
    expect(api.runs[0].cancelled).toBe(true)
  })

  it('ends TERMINAL, saying why, when the dispatch does not return the run (204, an older server)', async () => {
    const api = await gitHub({ conclusion: 'success' })
    const inputs = recipeInputs(api)
    inputs.payload = JSON.stringify({ ref: 'main' })
    const run = await runStep(inputs)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs['status-code']).toBe('204')
    expect(run.outputs.error).toContain('status-url-json-path $.run_url found nothing')
  })
})
