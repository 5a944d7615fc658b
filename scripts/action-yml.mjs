// @ts-check
// Reads this repository's action.yml: the inputs and outputs, with their descriptions and defaults.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ACTION_YML = fileURLToPath(new URL('../action.yml', import.meta.url))

/** @returns {{ inputs: Array<{name: string, description: string, required: boolean, default?: string}>, outputs: Array<{name: string, description: string}> }} */
export function readActionYml(file = ACTION_YML) {
  // The failsafe schema reads every value as the runner passes it: text (`default: 5` is '5').
  const action = parse(readFileSync(file, 'utf8'), { schema: 'failsafe' })
  const entries = (section = {}) =>
    Object.entries(section).map(([name, fields]) => ({
      name,
      ...fields,
      ...('required' in fields && { required: fields.required === 'true' })
    }))
  return { inputs: entries(action.inputs), outputs: entries(action.outputs) }
}
