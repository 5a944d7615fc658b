// A stage's text is data: `${{ … }}` in it must reach the webhook as written, never be evaluated
// by the runner (it could read the caller's secrets), and GitHub's parser must still accept the file.

import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { CREDENTIAL } from '../../scripts/convert/secrets.mjs'
import { isCredentialHeader } from '../../src/redact.js'
import { evaluatedWorkflow, parserErrors, stepsWorkflow } from './github.js'
import { runConvert, writeInput } from './run.js'

type Step = { name: string; with: Record<string, string> }
type Workflow = {
  name: string
  on: Record<string, { inputs: Record<string, Record<string, unknown>>; secrets: Record<string, unknown> }>
  jobs: Record<string, { steps: Step[] }>
}

/** Secrets the runner would hand any expression that asks for them. */
const contexts = {
  secrets: { DEPLOY_TOKEN: 'LEAKED-1', PAYLOAD: 'LEAKED-2', OK: 'LEAKED-3', TRACE: 'LEAKED-5' },
  vars: { NAME: 'LEAKED-4' },
  inputs: { env: 'prod' },
  github: { run_id: '42' }
}

const stage = {
  name: 'Deploy ${{ secrets.DEPLOY_TOKEN }}',
  refId: '1',
  type: 'webhook',
  url: 'https://ci.example.com/${{ secrets.DEPLOY_TOKEN }}/jobs?env=${trigger.parameters.env}&x=${{',
  method: 'post',
  customHeaders: { 'X-Trace': 'a ${{ secrets.TRACE }} ${execution.id}', 'X-${{ vars.NAME }}': 'v' },
  payload: { note: '${{ secrets.PAYLOAD }}', env: '${trigger.parameters.env}' },
  waitForCompletion: true,
  statusUrlResolution: 'getMethod',
  statusJsonPath: '$.state',
  successStatuses: '${{ secrets.OK }}, DONE',
  canceledStatuses: 'CANCELED',
  terminalStatuses: 'FAILED'
}

describe('a stage whose text holds ${{ }}', () => {
  const out = runConvert([writeInput('stage.json', stage)])
  const workflow = stepsWorkflow(out.stdout)

  it("converts into a workflow GitHub's parser accepts", async () => {
    expect(out.status, out.stderr).toBe(0)
    expect(await parserErrors(workflow)).toEqual([])
  })

  it('reaches the webhook as written once the runner has evaluated every expression', () => {
    const jobs = evaluatedWorkflow(workflow, contexts).jobs as Record<string, { steps: Step[] }>
    const step = jobs.converted.steps[0]
    expect(JSON.stringify(step)).not.toContain('LEAKED')
    expect(step.name).toBe('Deploy ${{ secrets.DEPLOY_TOKEN }}')
    expect(step.with.url).toBe('https://ci.example.com/${{ secrets.DEPLOY_TOKEN }}/jobs?env=prod&x=${{')
    expect(parse(step.with.headers)).toEqual({ 'X-Trace': 'a ${{ secrets.TRACE }} 42', 'X-${{ vars.NAME }}': 'v' })
    expect(JSON.parse(step.with.payload)).toEqual({ note: '${{ secrets.PAYLOAD }}', env: 'prod' })
    expect(step.with['success-statuses']).toBe('${{ secrets.OK }}, DONE')
    expect(step.with.method).toBe('POST')
  })
})

describe("a cancel endpoint that reads the stage's own answer", () => {
  const cancelling = {
    name: 'Deploy',
    refId: '1',
    type: 'webhook',
    url: 'https://deploy:s3cr3t-pass@ci.example.com/run',
    cancelEndpoint:
      "https://deploy:s3cr3t-pass@ci.example.com/cancel/${#stage('Deploy')['context']['webhook']['body']['${{ secrets.DEPLOY_TOKEN }}']}"
  }
  const out = runConvert([writeInput('stage.json', cancelling)])
  const workflow = stepsWorkflow(out.stdout)

  it('keeps a ${{ in a placeholder as written, and writes no user info in clear', async () => {
    expect(out.status, out.stderr).toBe(0)
    expect(await parserErrors(workflow)).toEqual([])
    expect(out.stdout).not.toContain('s3cr3t-pass')
    const secrets = { ...contexts.secrets, WEBHOOK_URL_USERINFO: 'deploy:from-secret' }
    const jobs = evaluatedWorkflow(workflow, { ...contexts, secrets }).jobs as Record<string, { steps: Step[] }>
    const step = jobs.converted.steps[0]
    expect(JSON.stringify(step)).not.toContain('LEAKED')
    expect(step.with.url).toBe('https://deploy:from-secret@ci.example.com/run')
    expect(step.with['cancel-endpoint']).toBe(
      "https://deploy:from-secret@ci.example.com/cancel/{$['${{ secrets.DEPLOY_TOKEN }}']}"
    )
  })

  it("puts a cancel endpoint's own user info into a secret of its own", () => {
    const other = runConvert([
      writeInput('stage.json', { ...cancelling, cancelEndpoint: 'https://ops:0ther-pass@ci.example.com/cancel' })
    ])
    expect(other.status, other.stderr).toBe(0)
    expect(other.stdout).not.toContain('0ther-pass')
    const jobs = evaluatedWorkflow(stepsWorkflow(other.stdout), {
      ...contexts,
      secrets: { WEBHOOK_URL_USERINFO: 'deploy:a', CANCEL_ENDPOINT_USERINFO: 'ops:b' }
    }).jobs as Record<string, { steps: Step[] }>
    expect(jobs.converted.steps[0].with['cancel-endpoint']).toBe('https://ops:b@ci.example.com/cancel')
  })
})

describe('credential headers', () => {
  it('are the ones the action masks, so that no credential is copied into a workflow', () => {
    // Every word of either rule, alone, inside a longer name and in other cases, and plain headers.
    const words = [...new Set(`${CREDENTIAL.source}|${credentialRuleOfTheAction()}`.match(/[a-z-]{3,}/g))]
    const names = [
      ...words.flatMap(word => [word, `X-${word}-Id`, word.toUpperCase(), `${word}s`]),
      ...['Accept', 'Content-Type', 'X-Request-Id', 'User-Agent', 'X-Cookies', 'Set-Cookie', 'If-Match']
    ]
    expect(words.length).toBeGreaterThan(8)
    for (const name of names) expect(CREDENTIAL.test(name), name).toBe(isCredentialHeader(name))
  })
})

/** The action's rule as written in src/redact.ts (it is not exported). */
function credentialRuleOfTheAction(): string {
  const source = readFileSync(path.join(import.meta.dirname, '..', '..', 'src', 'redact.ts'), 'utf8')
  return /const CREDENTIAL_HEADER =\s*\/(.+)\/i/.exec(source)?.[1] ?? ''
}

describe('a profile and a pipeline whose text holds ${{ }}', () => {
  const hostile = '${{ secrets.DEPLOY_TOKEN }}'
  const definition = {
    label: `Notify ${hostile}`,
    type: 'notify',
    description: `Posts ${hostile}`,
    method: 'POST',
    url: `https://hooks.example.com/${hostile}/notify`,
    customHeaders: { 'X-Note': [`n ${hostile}`], [`X-Token-${hostile}`]: ['t0k3n-value'] },
    payload: `{"text": "${hostile} \${parameterValues['text']}"}`,
    parameters: [{ name: 'text', label: `Text ${hostile}`, description: hostile, defaultValue: `hi ${hostile}` }]
  }
  const pipeline = {
    name: `Release ${hostile}`,
    parameterConfig: [
      { name: 'who', label: hostile, default: hostile, hasOptions: true, options: [{ value: hostile }, { value: 'b' }] }
    ],
    stages: [
      {
        name: `Call ${hostile}`,
        refId: '1',
        type: 'notify',
        parameterValues: { text: `${hostile} \${trigger.parameters.who}` }
      }
    ]
  }
  const reusable = runConvert([writeInput('orca-local.json', { webhook: { preconfigured: [definition] } })])
  const caller = runConvert([writeInput('pipeline.json', pipeline)])

  it("converts into workflows GitHub's parser accepts, the caller with the reusable workflow loaded", async () => {
    expect(reusable.status, reusable.stderr).toBe(0)
    expect(caller.status, caller.stderr).toBe(0)
    expect(await parserErrors(reusable.stdout)).toEqual([])
    expect(await parserErrors(caller.stdout, { '.github/workflows/notify.yml': reusable.stdout })).toEqual([])
  })

  it('keeps the text as written where GitHub evaluates, and says where it broke a ${{ up', () => {
    const secrets = { ...contexts.secrets, X_TOKEN_SECRETS_DEPLOY_TOKEN: 'from-secret' }
    const called = evaluatedWorkflow(reusable.stdout, { ...contexts, secrets, inputs: { text: 'hello' } }) as Workflow
    expect(JSON.stringify(called)).not.toContain('LEAKED')
    const step = called.jobs.webhook.steps[0]
    expect(step.name).toBe(`Notify ${hostile}`)
    expect(step.with.url).toBe(`https://hooks.example.com/${hostile}/notify`)
    expect(parse(step.with.headers)).toEqual({ 'X-Note': `n ${hostile}`, [`X-Token-${hostile}`]: 'from-secret' })
    expect(Object.keys(called.on.workflow_call.secrets)).toEqual(['X_TOKEN_SECRETS_DEPLOY_TOKEN'])
    expect(JSON.parse(step.with.payload)).toEqual({ text: `${hostile} hello` })
    const input = called.on.workflow_call.inputs.text
    expect(input).toEqual({
      description: 'Text ${ { secrets.DEPLOY_TOKEN }}: ${ { secrets.DEPLOY_TOKEN }}',
      type: 'string',
      required: false,
      default: `hi ${hostile}`
    })
    expect(called.name).toBe('Notify ${ { secrets.DEPLOY_TOKEN }}')
    expect(reusable.stdout).toMatch(/# its text held \$\{\{, written \$\{ \{ here.*\nname: Notify/)
    expect(reusable.stdout).toMatch(/# its text held \$\{\{, written \$\{ \{ here.*\n\s+text:/)
  })

  it('passes the caller’s text on as written', () => {
    const evaluated = evaluatedWorkflow(caller.stdout, { ...contexts, inputs: { who: 'ops' } }) as Workflow
    expect(JSON.stringify(evaluated)).not.toContain('LEAKED')
    expect(evaluated.name).toBe('Release ${ { secrets.DEPLOY_TOKEN }}')
    const job = Object.values(evaluated.jobs)[0] as unknown as { name: string; with: Record<string, string> }
    expect(job.name).toBe(`Call ${hostile}`)
    expect(job.with).toEqual({ text: `${hostile} ops` })
    expect(evaluated.on.workflow_dispatch.inputs.who).toMatchObject({
      description: '${ { secrets.DEPLOY_TOKEN }}',
      default: '${ { secrets.DEPLOY_TOKEN }}',
      options: ['${ { secrets.DEPLOY_TOKEN }}', 'b']
    })
  })
})
