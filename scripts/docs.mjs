// @ts-check
// Writes the generated parts of the docs, so they cannot drift from what they show: the input and
// output tables of docs/reference.md from action.yml, and docs/recipes.md's copy of the reusable
// workflow from .github/workflows/deploy.yml. `npm run docs` rewrites them; a test fails when it
// would change either file.

import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readActionYml } from './action-yml.mjs'

const at = (/** @type {string} */ file) => fileURLToPath(new URL(`../${file}`, import.meta.url))
export const REFERENCE = at('docs/reference.md')
export const RECIPES = at('docs/recipes.md')
const REUSABLE_WORKFLOW = at('.github/workflows/deploy.yml')

const cell = (/** @type {string} */ text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function inputsTable({ inputs } = readActionYml()) {
  const rows = inputs.map(input => {
    const value = input.required ? '**required**' : input.default ? `\`${input.default}\`` : ''
    return `| \`${input.name}\` | ${value} | ${cell(input.description)} |`
  })
  return ['| input | default | description |', '|---|---|---|', ...rows].join('\n')
}

export function outputsTable({ outputs } = readActionYml()) {
  const rows = outputs.map(output => `| \`${output.name}\` | ${cell(output.description)} |`)
  return ['| output | description |', '|---|---|', ...rows].join('\n')
}

/**
 * docs/reference.md with its tables brought up to date.
 * @param {string} text
 */
export function updateReference(text) {
  const blocks = { inputs: inputsTable(), outputs: outputsTable() }
  let updated = text
  for (const [name, table] of Object.entries(blocks)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[^]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(updated)) {
      throw new Error(`docs/reference.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`)
    }
    updated = updated.replace(
      pattern,
      (/** @type {string} */ _, /** @type {string} */ start, /** @type {string} */ end) => `${start}${table}\n${end}`
    )
  }
  return updated
}

/**
 * docs/recipes.md with its copy of the reusable workflow brought up to date.
 * @param {string} text
 */
export function updateRecipes(text) {
  // The example that opens with the file's name is the file.
  const pattern = /(```yaml\n# \.github\/workflows\/deploy\.yml\n)[^]*?(```)/
  if (!pattern.test(text))
    throw new Error('docs/recipes.md has no example that opens with # .github/workflows/deploy.yml')
  const workflow = readFileSync(REUSABLE_WORKFLOW, 'utf8')
  return text.replace(
    pattern,
    (/** @type {string} */ _, /** @type {string} */ start, /** @type {string} */ end) => `${start}${workflow}${end}`
  )
}

/** Each generated file, and how to bring it up to date. */
export const GENERATED = new Map([
  [REFERENCE, updateReference],
  [RECIPES, updateRecipes]
])

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, update] of GENERATED) {
    const text = readFileSync(file, 'utf8')
    const updated = update(text)
    if (updated !== text) writeFileSync(file, updated)
    const name = file.slice(at('').length)
    console.log(updated === text ? `${name} is up to date` : `${name} rewritten`)
  }
}
