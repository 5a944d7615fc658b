// The project keeps its promises about itself: action.yml, README and dist/ agree with the source.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readActionYml } from '../scripts/action-yml.mjs'
import { README, updateReadme } from '../scripts/docs.mjs'
import { DEFAULTS } from '../src/inputs/index.js'
import { ACTION_OUTPUTS } from '../src/settings.js'

const root = path.resolve(import.meta.dirname, '..')
const action = readActionYml()
const actionYml = readFileSync(path.join(root, 'action.yml'), 'utf8')

describe('action.yml', () => {
  it('runs dist/index.js on node24, with no post step', () => {
    expect(actionYml).toMatch(/^runs:\n {2}using: "node24"\n {2}main: "dist\/index.js"\n?$/m)
    expect(actionYml).not.toMatch(/^\s+post:/m)
  })

  it('has a description the Marketplace accepts (at most 125 characters)', () => {
    const description = /^description: "(.*)"$/m.exec(actionYml)?.[1] ?? ''
    expect(description.length).toBeGreaterThan(20)
    expect(description.length).toBeLessThanOrEqual(125)
  })

  it("declares the action's own outputs, each described", () => {
    expect(action.outputs.map(output => output.name)).toEqual([...ACTION_OUTPUTS])
    for (const output of action.outputs) expect(output.description).toMatch(/\.$/)
  })

  it('gives every input a description and the defaults the code falls back to', () => {
    for (const input of action.inputs) {
      expect(input.description, input.name).toMatch(/\.$/)
      expect(input.default ?? '', input.name).toBe(DEFAULTS[input.name] ?? '')
    }
    for (const name of Object.keys(DEFAULTS)) expect(action.inputs.map(input => input.name)).toContain(name)
  })
})

describe('README.md', () => {
  it('shows the reusable workflow as the file it is (.github/workflows/deploy.yml)', () => {
    const text = readFileSync(README, 'utf8')
    const file = readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8')
    expect(text).toContain('```yaml\n# .github/workflows/deploy.yml\n' + file + '```')
  })

  it('uses one name for the action in every example', () => {
    const names = new Set(
      [...readFileSync(README, 'utf8').matchAll(/uses: ([\w.-]+\/webhook[\w.-]*)@/g)].map(m => m[1])
    )
    expect([...names]).toEqual(['your-org/webhook-stage-action'])
  })

  it('has the input and output tables that action.yml gives (npm run docs)', () => {
    const text = readFileSync(README, 'utf8')
    expect(updateReadme(text)).toBe(text)
  })

  it('opens with the demo and test commands', () => {
    const opening = readFileSync(README, 'utf8').split('\n').slice(0, 40).join('\n')
    expect(opening).toContain('npm ci && npm run demo')
    expect(opening).toContain('npm test')
  })
})

describe('dist/', () => {
  it('is what the sources build (npm run bundle)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'webhook-dist-'))
    // The bundle script itself (rollup -c), pointed at another folder.
    const rollup = path.join(root, 'node_modules/rollup/dist/bin/rollup')
    execFileSync(process.execPath, [rollup, '-c', '--silent', '--dir', out], { cwd: root, stdio: 'pipe' })
    const built = readdirSync(out).sort()
    expect(readdirSync(path.join(root, 'dist')).sort()).toEqual(built)
    for (const file of built) {
      expect(
        readFileSync(path.join(root, 'dist', file), 'utf8') === readFileSync(path.join(out, file), 'utf8'),
        `dist/${file} is stale: run npm run bundle`
      ).toBe(true)
    }
  }, 60_000)
})
