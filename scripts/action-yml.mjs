// Reads this repository's action.yml: the inputs and outputs, with their descriptions and defaults.
// action.yml is kept to a plain shape (two-space indentation, one-line values), so a few lines
// read it without a YAML library.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ACTION_YML = fileURLToPath(new URL('../action.yml', import.meta.url))

/** @returns {{ inputs: Array<{name: string, description: string, required: boolean, default?: string}>, outputs: Array<{name: string, description: string}> }} */
export function readActionYml(file = ACTION_YML) {
  const sections = { inputs: [], outputs: [] }
  let section
  let entry
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const top = /^(\w[\w-]*):/.exec(line)
    if (top) {
      section = sections[top[1]]
      continue
    }
    if (!section) continue
    const name = /^ {2}([\w-]+):\s*$/.exec(line)
    if (name) {
      entry = { name: name[1], description: '', required: false }
      section.push(entry)
      continue
    }
    const property = /^ {4}(\w+):\s*(.*)$/.exec(line)
    if (property && entry) {
      const value = scalar(property[2])
      entry[property[1]] = property[1] === 'required' ? value === 'true' : value
    }
  }
  return sections
}

function scalar(text) {
  if (text.startsWith('"')) return JSON.parse(text)
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'")
  return text
}
