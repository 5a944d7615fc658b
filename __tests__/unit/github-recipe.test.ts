// The recipe in docs/github-api.md, at unit level: which status each conclusion GitHub gives a
// workflow run ends in, as the recipe's inputs read it. __tests__/action/github-api.test.ts runs
// the recipe whole for a few of them.

import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readConfig } from '../../src/inputs/index.js'
import { Secrets } from '../../src/redact.js'
import { readStatus } from '../../src/status.js'

const RECIPE = path.resolve(import.meta.dirname, '../../docs/github-api.md')

/** The `with:` block of the docs' first example, as written. */
function recipeInputs(): Record<string, string> {
  const block = /```yaml\n([\s\S]*?)```/.exec(readFileSync(RECIPE, 'utf8'))?.[1] ?? ''
  const workflow = parse(block, { schema: 'failsafe' }) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>
  }
  const step = Object.values(workflow.jobs)
    .flatMap(job => job.steps)
    .find(candidate => candidate.uses?.startsWith('your-org/webhook-stage-action@'))
  return { ...step?.with, headers: (step?.with?.headers ?? '').replace('${{ secrets.DEPLOY_TOKEN }}', 'a-token') }
}

async function recipeConfig() {
  const inputs = recipeInputs()
  return readConfig({ get: name => inputs[name] ?? '', workspace: tmpdir(), warn: () => {} }, new Secrets(() => {}))
}

describe("the recipe's conclusions (docs/github-api.md)", () => {
  it.each([
    ['success', 'SUCCEEDED'],
    ['neutral', 'SUCCEEDED'],
    ['skipped', 'SUCCEEDED'],
    ['failure', 'TERMINAL'],
    ['timed_out', 'TERMINAL'],
    ['startup_failure', 'TERMINAL'],
    ['action_required', 'TERMINAL'],
    ['stale', 'TERMINAL'],
    ['cancelled', 'CANCELED']
  ])('%s is %s', async (conclusion, status) => {
    const config = await recipeConfig()
    expect(readStatus([conclusion], config.statuses, config.missingStatus)).toEqual({
      kind: 'final',
      status,
      value: conclusion
    })
  })

  it('a null conclusion (queued, in_progress) is not yet a status', async () => {
    const config = await recipeConfig()
    expect(readStatus([null], config.statuses, config.missingStatus)).toMatchObject({ kind: 'not-yet' })
  })
})
