// Runs `npm run convert`'s command on a file, as a user would, in the test's own process: the
// command is a function of its arguments, its folder and its two output streams
// (scripts/convert.mjs, runCommand); convert.test.ts also runs it once as a process.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { runCommand } from '../../scripts/convert.mjs'

export interface ConvertRun {
  status: number | null
  stdout: string
  stderr: string
}

export function runConvert(args: string[], cwd = process.cwd()): ConvertRun {
  let stdout = ''
  let stderr = ''
  const status = runCommand(args, { cwd, stdout: text => (stdout += text), stderr: text => (stderr += text) })
  return { status, stdout, stderr }
}

/** Writes `text` (or `value` as JSON) to a file of its own and returns its path. */
export function writeInput(name: string, value: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'convert-in-')), name)
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}
