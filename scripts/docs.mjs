// Writes the README's input and output tables from action.yml, and its copy of the reusable
// workflow from .github/workflows/deploy.yml, so the docs cannot drift from what they show.
// `npm run docs` rewrites README.md; a test fails when it would change it.

import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readActionYml } from './action-yml.mjs'

export const README = fileURLToPath(new URL('../README.md', import.meta.url))
const REUSABLE_WORKFLOW = fileURLToPath(new URL('../.github/workflows/deploy.yml', import.meta.url))

const cell = text => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

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

/** The README with its generated blocks brought up to date. */
export function updateReadme(text) {
  const blocks = { inputs: inputsTable(), outputs: outputsTable() }
  let updated = text
  for (const [name, table] of Object.entries(blocks)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[^]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(updated)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`)
    updated = updated.replace(pattern, (_, start, end) => `${start}${table}\n${end}`)
  }
  // The example that opens with the file's name is the file.
  const workflow = readFileSync(REUSABLE_WORKFLOW, 'utf8')
  return updated.replace(
    /(```yaml\n# \.github\/workflows\/deploy\.yml\n)[^]*?(```)/,
    (_, start, end) => `${start}${workflow}${end}`
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(README, 'utf8')
  const updated = updateReadme(text)
  if (updated !== text) writeFileSync(README, updated)
  console.log(updated === text ? 'README.md is up to date' : 'README.md tables rewritten from action.yml')
}
