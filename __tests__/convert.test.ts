// npm run convert: Spinnaker webhook stages (as JSON) to workflow steps (as YAML with comments).

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import YAML, { isMap, isScalar, type Document, type YAMLMap } from 'yaml'
import { startJobApi } from '../scripts/job-api.mjs'
import { runStep } from './support/action.js'
import { evaluatedValue } from './convert/github.js'
import { runConvert } from './convert/run.js'

const FIXTURES = path.join(__dirname, 'fixtures', 'spinnaker')
const SCRIPT = path.join(__dirname, '..', 'scripts', 'convert.mjs')

/** Inputs other changes are adding to action.yml. */
const COMING_INPUTS = [
  'poll-retry-limits',
  'error-json-path',
  'status-url-header',
  'idempotency-key',
  'client-certificate',
  'client-key',
  'ca-certificates',
  'oidc-audience',
  'signing-secret',
  'signing-scheme',
  'secret-json-paths'
]
const actionYml = YAML.parse(readFileSync(path.join(__dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
}
const DECLARED = Object.keys(actionYml.inputs)

interface Converted {
  status: number | null
  stdout: string
  stderr: string
  doc: Document
  steps: Array<{ name: string; id: string; uses: string; with: Record<string, string>; [key: string]: unknown }>
}

function convert(file: string): Converted {
  const result = runConvert([file], FIXTURES)
  const doc = YAML.parseDocument(result.stdout)
  return { ...result, doc, steps: doc.toJS() ?? [] }
}

/** The step map at `index` in the converted document. */
function stepNode(doc: Document, index: number): YAMLMap {
  const node = (doc.contents as unknown as { items: unknown[] }).items[index]
  if (!isMap(node)) throw new Error(`step ${index} is not a mapping`)
  return node
}

/** The comment lines just above `key` in the step's `with:` (or in the step itself). */
function commentAt(doc: Document, index: number, key: string): string {
  const step = stepNode(doc, index)
  const inputs = step.get('with')
  for (const map of [inputs, step]) {
    if (!isMap(map)) continue
    const index = map.items.findIndex(item => isScalar(item.key) && item.key.value === key)
    const pair = map.items[index]
    // A comment above the first key of a mapping is read as the mapping's own.
    if (pair && isScalar(pair.key)) return pair.key.commentBefore ?? (index === 0 ? (map.commentBefore ?? '') : '')
  }
  throw new Error(`no key ${key} in step ${index}`)
}

/** The comment lines at the top of the output. */
const headerOf = (out: Converted): string => /^(#.*\n)+/.exec(out.stdout)?.[0] ?? ''

/** The comment after the inputs of a step: the fields that have no input. */
const notesOf = (doc: Document, index: number): string => (stepNode(doc, index).get('with') as YAMLMap).comment ?? ''

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>

describe('a single webhook stage that polls a status URL from its answer', () => {
  const out = convert('webhook-response.json')
  const step = out.steps[0]

  it('is one step of this action, named and with an id', () => {
    expect(out.status).toBe(0)
    expect(out.steps).toHaveLength(1)
    expect(step).toMatchObject({
      name: 'Start canary analysis',
      id: 'start-canary-analysis',
      uses: 'your-org/webhook-stage-action@v1'
    })
  })

  it('maps every webhook and monitoring field to its input, as strings', () => {
    expect(step.with).toMatchObject({
      url: 'https://canary.example.com/api/v2/analyses',
      method: 'POST',
      'fail-fast-status-codes': '504, 400',
      'retry-status-codes': '409, 404',
      'wait-for-completion': 'true',
      'status-url-resolution': 'webhook-response',
      'status-url-json-path': '$.links.status',
      'status-json-path': '$.state',
      'success-statuses': 'SUCCEEDED, PASSED',
      'canceled-statuses': 'CANCELED',
      'terminal-statuses': 'FAILED,TERMINAL',
      'progress-json-path': '$.message',
      'wait-before-monitor': '1m30s',
      timeout: '1h30m',
      'cancel-endpoint': 'https://canary.example.com/api/v2/analyses/cancel',
      'cancel-method': 'PUT'
    })
    for (const value of Object.values(step.with)) expect(typeof value).toBe('string')
    expect(JSON.parse(step.with.payload)).toEqual(fixture('webhook-response.json').payload)
    expect(JSON.parse(step.with['cancel-payload'])).toEqual({ reason: 'pipeline canceled' })
  })

  it('writes the monitor retries as a poll-retry-limits mapping', () => {
    expect(YAML.parse(step.with['poll-retry-limits'], { schema: 'failsafe' })).toEqual({ '404': '5', '504': '0' })
    expect(out.stdout).toMatch(/poll-retry-limits: \|\n {6}404: 5\n {6}504: 0\n/)
  })

  it('replaces credential headers with secrets and never prints their values', () => {
    const headers = YAML.parse(step.with.headers, { schema: 'failsafe' })
    expect(headers).toEqual({
      Authorization: 'Bearer ${{ secrets.AUTHORIZATION }}',
      'X-Api-Key': '${{ secrets.X_API_KEY }}',
      'Content-Type': 'application/json',
      Accept: ['application/json', 'text/plain']
    })
    expect(out.stdout).not.toContain('eyJhbGci')
    expect(out.stdout).not.toContain('ak_live')
    const comment = commentAt(out.doc, 0, 'headers')
    expect(comment).toContain('TODO: create the secret AUTHORIZATION')
    expect(comment).toContain('TODO: create the secret X_API_KEY')
    expect(comment).toContain('status-headers')
  })

  it('says how fields whose meaning differs differ', () => {
    expect(commentAt(out.doc, 0, 'timeout')).toMatch(/covered the whole stage.*\n.*covers polling only/)
    expect(commentAt(out.doc, 0, 'retry-status-codes')).toMatch(
      /webhookRetryStatusCodes \(409\).*retryStatusCodes \(404\)/
    )
    expect(commentAt(out.doc, 0, 'wait-before-monitor')).toContain('stage’s start')
  })

  it('notes the fields that have no input, and why', () => {
    const notes = notesOf(out.doc, 0)
    expect(notes).toMatch(/not converted: signalCancellation \(.*cancel-endpoint whenever it is set\)/)
    expect(notes).toMatch(/not converted: expectedArtifacts \(.+\)/)
  })
})

describe('a pipeline', () => {
  const out = convert('pipeline.json')

  it('converts its webhook stages in the order of requisiteStageRefIds', () => {
    expect(out.status).toBe(0)
    expect(out.steps.map(step => step.id)).toEqual(['start-deploy-job', 'notify-release'])
    expect(out.steps[0].with['status-url-resolution']).toBe('location-header')
  })

  it('skips the other stages with a comment at their place', () => {
    expect(stepNode(out.doc, 0).commentBefore).toMatch(/skipped stage "Bake image" \(type bakeManifest\)/)
    expect(stepNode(out.doc, 1).commentBefore).toMatch(/skipped stage "Manual judgment" \(type manualJudgment\)/)
    expect(stepNode(out.doc, 1).commentBefore).toContain('"Notify release" ran after "Manual judgment"')
  })

  it('reads an earlier webhook stage’s build info from its step output', () => {
    const steps = { 'start-deploy-job': { outputs: { 'build-info': '{"image": "shop:1.2"}' } } }
    const payload = evaluatedValue(out.steps[1].with.payload, { inputs: { version: '1.2 "rc"' }, steps })
    expect(JSON.parse(payload)).toEqual({ text: 'checkout 1.2 "rc" deployed as shop:1.2' })
    expect(commentAt(out.doc, 1, 'payload')).toContain('translated from SpEL')
    expect(headerOf(out)).toMatch(/TODO: declare these workflow inputs .*: version/)
  })

  it('keeps the authentication scheme in front of the secret', () => {
    expect(YAML.parse(out.steps[0].with.headers)).toEqual({ Authorization: 'token ${{ secrets.AUTHORIZATION }}' })
    expect(out.stdout).not.toContain('ghp_')
  })

  it('turns a stage that does not fail the pipeline into continue-on-error', () => {
    expect(out.steps[1]['continue-on-error']).toBe(true)
  })
})

describe('a preconfigured webhook definition from Orca’s configuration', () => {
  // Converted on its own, a definition is a reusable workflow; its step is the job's only step.
  const out = convert('preconfigured.json')
  const workflow = out.doc.toJS() as {
    on: { workflow_call: { inputs: Record<string, { required: boolean; default?: string }> } }
    jobs: { webhook: { steps: Converted['steps'] } }
  }
  const step = workflow.jobs.webhook.steps[0]
  const stepMap = out.doc.getIn(['jobs', 'webhook', 'steps', 0]) as YAMLMap

  it('becomes a step whose parameters are workflow inputs', () => {
    expect(out.status).toBe(0)
    expect(step).toMatchObject({ name: 'GitHub - Commit status', id: 'webhook' })
    expect(step.with.url).toBe('https://api.github.com/repos/acme/checkout/statuses/${{ inputs.gitCommit }}')
    const payload = evaluatedValue(step.with.payload, { inputs: { status: 'success' }, github: { run_id: '7' } })
    expect(JSON.parse(payload)).toEqual({ state: 'success', target_url: '7', context: 'spinnaker' })
    expect(workflow.on.workflow_call.inputs).toMatchObject({
      gitCommit: { required: true },
      status: { required: false, default: 'success' }
    })
    const notes = (stepMap.get('with') as YAMLMap).comment ?? ''
    expect(notes).toContain('parameters → workflow inputs: gitCommit "Git commit", status "Status" (default "success")')
    expect(notes).toMatch(/not converted: permissions/)
    expect(out.stdout).toMatch(/# preconfigured webhook 'githubStatus'.*\n.*\n\s+- name: GitHub - Commit status/)
  })

  it('flattens its header lists and hides the token', () => {
    expect(YAML.parse(step.with.headers)).toEqual({
      Authorization: 'token ${{ secrets.AUTHORIZATION }}',
      Accept: 'application/vnd.github+json'
    })
    expect(out.stdout).not.toContain('ghp_')
  })
})

describe('SpEL', () => {
  const out = convert('spel.json')
  const step = out.steps[0]

  it('translates parameters and the execution id, and keeps the rest verbatim', () => {
    expect(step.with.url).toBe(
      'https://ci.example.com/job/${{ inputs.suite }}/buildWithParameters?build=${trigger.buildInfo.number}'
    )
    expect(YAML.parse(step.with.headers)).toEqual({
      'X-Correlation-Id': '${{ github.run_id }}',
      'X-Build-Tag': '${#alphanumerical(trigger.parameters.branch)}'
    })
    expect(JSON.parse(evaluatedValue(step.with.payload, { inputs: { env: 'prod\nus' } }))).toEqual({
      environment: 'prod\nus',
      regions: "${ {'us-east-1', 'eu-west-1'} }",
      artifacts: '${#toJson(trigger.artifacts)}'
    })
  })

  it('marks what it cannot translate with a TODO at that key', () => {
    expect(commentAt(out.doc, 0, 'url')).toMatch(/TODO: SpEL kept as written.*\$\{trigger\.buildInfo\.number\}/)
    expect(commentAt(out.doc, 0, 'headers')).toContain('TODO: SpEL kept as written')
    expect(commentAt(out.doc, 0, 'payload')).toContain("${ {'us-east-1', 'eu-west-1'} } ${#toJson(trigger.artifacts)}")
    expect(notesOf(out.doc, 0)).toContain(
      "TODO: Spinnaker ran this stage only when ${trigger.parameters.env == 'prod'}"
    )
  })

  it('reads the stage’s own answer in cancel-endpoint with a JSONPath placeholder', () => {
    expect(step.with['cancel-endpoint']).toBe('https://ci.example.com/job/${{ inputs.suite }}/{$.number}/stop')
  })
})

describe('every fixture', () => {
  // The fixtures of single stages and pipelines of webhook stages, which convert to steps.
  const files = readdirSync(FIXTURES).filter(
    file => /\.json$/.test(file) && !/^(not-webhook|preconfigured)\./.test(file)
  )

  it.each(files)('%s uses only inputs that action.yml declares or will declare', file => {
    const out = convert(file)
    expect(out.status).toBe(0)
    for (const step of out.steps) {
      for (const key of Object.keys(step.with)) expect([...DECLARED, ...COMING_INPUTS]).toContain(key)
    }
  })

  it.each(files)('%s: every untranslated SpEL expression has a TODO at its key', file => {
    const out = convert(file)
    out.steps.forEach((step, index) => {
      for (const [key, value] of Object.entries(step.with)) {
        for (const [expression] of value.matchAll(/\$\{(?!\{)[^\n]*?\}/g)) {
          const comment = commentAt(out.doc, index, key)
          expect(comment).toContain('TODO')
          expect(comment.replace(/\s+/g, ' ')).toContain(expression.replace(/\s+/g, ' ').slice(0, 20))
        }
      }
    })
  })
})

describe('the command', () => {
  // The other tests call the command in this process (convert/run.ts); here it runs as npm runs it.
  const command = (file: string) => spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8', cwd: FIXTURES })

  it('prints the steps of a stage and exits 0', () => {
    const result = command('webhook-response.json')
    expect(result.status).toBe(0)
    expect(result.stdout).toBe(convert('webhook-response.json').stdout)
    expect(result.stderr).toBe('')
  })

  it('says what is wrong in one line on stderr and exits 1', () => {
    const result = command('not-webhook.json')
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^convert: not-webhook\.json: .*, not a webhook stage, [^\n]*\n$/)
  })
})

describe('what is not a webhook stage', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'convert-'))
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return file
  }

  it.each([
    ['a wait stage', path.join(FIXTURES, 'not-webhook.json'), /a stage of type 'wait', not a webhook stage/],
    [
      'a pipeline without webhook stages',
      write('no-webhooks.json', JSON.stringify({ name: 'p', stages: [{ type: 'wait', refId: '1' }] })),
      /no webhook stage \(its stage types: wait\)/
    ],
    ['text that is not JSON', write('broken.json', '{"type": "webhook",'), /not valid JSON/],
    ['a profile that is not YAML', write('orca-local.yml', 'webhook:\n  preconfigured: [\n'), /not valid YAML/],
    ['a missing file', path.join(dir, 'missing.json'), /no such file/]
  ])('%s: says so in one line and exits non-zero', (_name, file, message) => {
    const out = convert(file)
    expect(out.status).not.toBe(0)
    expect(out.stdout).toBe('')
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(out.stderr).toMatch(message)
  })
})

describe('a converted step runs', () => {
  let api: Awaited<ReturnType<typeof startJobApi>> | undefined
  afterAll(() => api?.close())

  it('against the job API and succeeds', async () => {
    const token = 'job-api-token-1234'
    api = await (startJobApi as (options: { token?: string }) => ReturnType<typeof startJobApi>)({ token })
    const out = convert('job-api.json')
    expect(out.status).toBe(0)
    const inputs = out.steps[0].with
    for (const key of Object.keys(inputs)) expect(DECLARED).toContain(key)
    // What GitHub does with the expressions before the step starts.
    const values: Record<string, string> = { 'inputs.jobApi': api.url, 'secrets.AUTHORIZATION': token }
    const evaluated = Object.fromEntries(
      Object.entries(inputs).map(([key, value]) => [
        key,
        value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => values[name] ?? `<unknown ${name}>`)
      ])
    )
    expect(JSON.stringify(evaluated)).not.toMatch(/\$\{|<unknown/)
    const run = await runStep(evaluated)
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(JSON.parse(run.outputs['build-info'])).toMatchObject({ status: 'SUCCEEDED', name: 'shop' })
  })
})
