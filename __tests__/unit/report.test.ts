// The report (src/report/index.ts): the summary, the files and the outputs written once.

import { describe, it, expect } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { readConfig } from '../../src/inputs/index.js'
import { rehearseReport, report, type Report } from '../../src/report/index.js'
import { Secrets } from '../../src/redact.js'
import { Timeline } from '../../src/timeline.js'
import { result } from '../support/stage-result.js'

describe('rehearseReport', () => {
  it('writes nothing, and the report made while its empty write is under way writes one summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-test-'))
    const files = { summary: path.join(dir, 'summary.md'), output: path.join(dir, 'output') }
    for (const file of Object.values(files)) writeFileSync(file, '')
    const saved = { ...process.env }
    Object.assign(process.env, { GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, RUNNER_TEMP: dir })
    try {
      const secrets = new Secrets()
      const get = (name: string): string => (name === 'url' ? 'https://example.com/hook' : '')
      const config = readConfig({ get, workspace: dir, warn: () => {} }, secrets)
      const stage: Report = {
        config,
        secrets,
        timeline: new Timeline(() => 0),
        request: 'POST https://example.com/hook'
      }
      rehearseReport(stage, { polls: 1 }, 5)
      expect(readFileSync(files.summary, 'utf8')).toBe('')
      await report(stage, result())
      const summary = readFileSync(files.summary, 'utf8')
      expect(summary.match(/^### /gm)).toEqual(['### '])
      expect(summary).toMatch(/^### ✅ Webhook SUCCEEDED\n/)
      expect(summary).not.toContain('rehearsal')
    } finally {
      process.env = saved
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
