// `npm run local` works: GitHub's local runner (@github/local-action) runs src/main.ts, compiled
// by tsx, against the demo job API, and the step succeeds with its outputs and job summary.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const dir = mkdtempSync(path.join(tmpdir(), 'webhook-local-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface LocalRun {
  code: number | null
  signal: NodeJS.Signals | null
  log: string
}

interface LocalResult {
  code: number
  outputs: Record<string, string>
  summary: string
}

/** Runs scripts/local.mjs as `npm run local` does; a run past `timeoutMs` is stopped. */
function runLocal(resultFile: string, timeoutMs: number): Promise<LocalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/local.mjs')], {
      cwd: root,
      env: { ...process.env, LOCAL_RUN_RESULT: resultFile },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let log = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (log += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (log += chunk))
    // scripts/local.mjs hands the signal on to local-action, npm, tsx and the action.
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, log })
    })
  })
}

describe('npm run local', () => {
  it('runs src/main.ts with @github/local-action against the demo job API', { timeout: 90_000 }, async () => {
    const resultFile = path.join(dir, 'result.json')
    const run = await runLocal(resultFile, 75_000)

    expect(run.code, run.log).toBe(0)
    // local-action ran the TypeScript source, not dist/.
    expect(run.log).toMatch(/'Entrypoint'\s*│\s*'[^']*src[\\/]main\.ts'/)
    expect(run.log).toContain('Running Action')
    expect(run.log).toContain('::info::progress: deployed')

    const result: LocalResult = JSON.parse(readFileSync(resultFile, 'utf8'))
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('SUCCEEDED')
    expect(result.outputs['status-code']).toBe('202')
    expect(result.outputs.image).toBe('registry.local/shop:1.4.2')
    expect(Number(result.outputs.polls)).toBeGreaterThan(0)
    expect(result.outputs.progress).toBe('deployed')
    expect(result.outputs.error).toBe('')
    expect(result.summary).toContain('Webhook SUCCEEDED')
    // The token scripts/local.mjs gives the job API is a secret: never in an output or the summary.
    expect(JSON.stringify(result)).not.toContain('local-token-7c21')
  })
})
