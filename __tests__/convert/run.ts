// Runs `npm run convert` (the script itself) on a file, as a user would.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

const SCRIPT = path.join(import.meta.dirname, '..', '..', 'scripts', 'convert.mjs')

export interface ConvertRun {
  status: number | null
  stdout: string
  stderr: string
}

export function runConvert(args: string[], cwd = process.cwd()): ConvertRun {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', cwd })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Writes `text` (or `value` as JSON) to a file of its own and returns its path. */
export function writeInput(name: string, value: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'convert-in-')), name)
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}
