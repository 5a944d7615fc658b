// The e2e workflow's steps, run here as the runner would run them: each step that uses this
// action gets its `with:` evaluated by GitHub's expression library (env, inputs, secrets), and
// runs dist/index.js through the black-box runner against the demo's job API on 127.0.0.1.

import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { data, Evaluator, Lexer, Parser } from '@actions/expressions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { startJobApi } from '../scripts/job-api.mjs'
import { runStep } from './support/action.js'

const root = path.resolve(import.meta.dirname, '..')
const workflow = (name: string) =>
  parse(readFileSync(path.join(root, '.github/workflows', name), 'utf8')) as {
    jobs: Record<string, { steps?: Step[]; with?: Record<string, unknown> }>
  }

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
  'continue-on-error'?: boolean
}

/** Replaces each `${{ … }}` with its value; quotes inside an expression may hold `}}`. */
function evaluate(text: string, context: Record<string, unknown>): string {
  let out = ''
  let at = 0
  for (;;) {
    const open = text.indexOf('${{', at)
    if (open < 0) return out + text.slice(at)
    let end = open + 3
    let quoted = false
    while (end < text.length && (quoted || !text.startsWith('}}', end))) {
      if (text[end] === "'") quoted = !quoted
      end++
    }
    const source = text.slice(open + 3, end)
    const expression = new Parser(new Lexer(source).lex().tokens, Object.keys(context), []).parse()
    const values = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary
    out += text.slice(at, open) + new Evaluator(expression, values).evaluate().coerceString()
    at = end + 2
  }
}

function inputsOf(step: Step, context: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.with ?? {}).map(([name, value]) => [name, evaluate(String(value), context)])
  )
}

let api: Awaited<ReturnType<typeof startJobApi>>
beforeAll(async () => {
  api = await startJobApi()
})
afterAll(() => api.close())

describe('.github/workflows/e2e.yml', () => {
  const steps = (workflow('e2e.yml').jobs.flows.steps ?? []).filter(step => step.uses === './')

  it('uses the action three times', () => {
    expect(steps.map(step => step.id)).toEqual(['call', 'deploy', 'migrate'])
  })

  it.each(steps.map(step => [step.id, step] as const))('step %s ends as the workflow expects', async (_, step) => {
    const run = await runStep(inputsOf(step, { env: { JOB_API: api.url } }))
    if (step['continue-on-error']) {
      expect(run.outputs.status).toBe('TERMINAL')
      expect(run.outputs.error).toBe('the remote job reported FAILED: column "sku" already exists')
    } else expect(run.outputs.status).toBe('SUCCEEDED')
    if (step.id === 'deploy') {
      expect(run.outputs.image).toBe('registry.local/shop:1.4.2')
      expect(JSON.parse(run.outputs['build-info']).url).toBe('https://shop.local')
    }
  })
})

describe('.github/workflows/deploy.yml, as e2e.yml calls it', () => {
  it('deploys the service and hands back the build info', async () => {
    const caller = workflow('e2e.yml').jobs.reusable.with ?? {}
    const step = (workflow('deploy.yml').jobs.deploy.steps ?? []).find(candidate => candidate.uses === './')
    expect(step).toBeDefined()
    // The caller's inputs, with the job API where this test started it.
    const inputs = { ...caller, 'api-url': api.url }
    const run = await runStep(inputsOf(step as Step, { inputs, secrets: { DEPLOY_TOKEN: '' } }))
    expect(run.outputs.status).toBe('SUCCEEDED')
    expect(JSON.parse(run.outputs['build-info']).name).toBe('shop')
    expect(JSON.parse(run.outputs.response).id).toBeDefined()
  })

  it('builds its payload with toJSON(), so no input can change the JSON shape', () => {
    const step = (workflow('deploy.yml').jobs.deploy.steps ?? []).find(candidate => candidate.uses === './') as Step
    const payload = evaluate(String(step.with?.payload), {
      inputs: { service: 'shop", "admin": true, "x": "', version: '1' }
    })
    expect(JSON.parse(payload)).toEqual({ name: 'shop", "admin": true, "x": "', version: '1' })
  })
})
