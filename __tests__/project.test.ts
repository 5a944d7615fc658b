// The project keeps its promises about itself: action.yml, the docs and dist/ agree with the source.

import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { readActionYml } from '../scripts/action-yml.mjs'
import { GENERATED, RECIPES } from '../scripts/docs.mjs'
import { DEFAULTS, JSONPATH_INPUTS } from '../src/inputs/index.js'
import { ACTION_OUTPUTS } from '../src/settings.js'
import { documentationFiles } from './support/markdown.js'
import { whenBuilt } from './support/bundle.js'

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

  it('has the JSONPath engine loaded for every input it says holds a JSONPath', () => {
    const holding = action.inputs.filter(input => /JSONPath/i.test(input.description)).map(input => input.name)
    expect([...JSONPATH_INPUTS].sort()).toEqual(holding.sort())
  })
})

describe('the docs', () => {
  it('show the reusable workflow as the file it is (.github/workflows/deploy.yml)', () => {
    const text = readFileSync(RECIPES, 'utf8')
    const file = readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8')
    expect(text).toContain('```yaml\n# .github/workflows/deploy.yml\n' + file + '```')
  })

  it('use one name for the action in every example', () => {
    const text = documentationFiles()
      .map(file => readFileSync(path.join(root, file), 'utf8'))
      .join('\n')
    const names = new Set([...text.matchAll(/uses: ([\w.-]+\/webhook[\w.-]*)@/g)].map(m => m[1]))
    expect([...names]).toEqual(['your-org/webhook-stage-action'])
  })

  it.each([...GENERATED].map(([file, update]) => [path.relative(root, file), file, update] as const))(
    '%s has what action.yml and the reusable workflow give (npm run docs)',
    (_, file, update) => {
      const text = readFileSync(file, 'utf8')
      expect(update(text)).toBe(text)
    }
  )
})

describe('README.md', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')

  it('opens with the demo and test commands', () => {
    const opening = readme.split('\n').slice(0, 40).join('\n')
    expect(opening).toContain('npm ci && npm run demo')
    expect(opening).toContain('npm test')
  })

  it('is read in five minutes: at most 250 lines, the rest in docs/', () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(250)
  })
})

describe('dist/', () => {
  // The build this test run made of the sources (support/bundle.ts), which the black-box tests ran.
  it('is what the sources build (npm run bundle)', async () => {
    await whenBuilt(inject('actionMain'))
    const built = path.dirname(inject('actionMain'))
    const files = readdirSync(built).sort()
    expect(readdirSync(path.join(root, 'dist')).sort()).toEqual(files)
    for (const file of files) {
      expect(
        readFileSync(path.join(root, 'dist', file), 'utf8') === readFileSync(path.join(built, file), 'utf8'),
        `dist/${file} is stale: run npm run bundle`
      ).toBe(true)
    }
  }, 300_000)
})
