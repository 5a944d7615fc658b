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
