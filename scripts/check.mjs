// @ts-check
// npm run check's type check and lint: TypeScript's diagnostics (what `tsc --noEmit` reports)
// and ESLint's rules with type information, over one TypeScript program. Made twice, as tsc and
// ESLint each made it, the program was a third of the checks' time.

import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import ts from 'typescript'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The program of tsconfig.eslint.json: the sources, tests and scripts, and the config files. */
function createProgram() {
  const file = path.join(ROOT, 'tsconfig.eslint.json')
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file)
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
}

const program = createProgram()
const diagnostics = ts.getPreEmitDiagnostics(program)
if (diagnostics.length) {
  const host = {
    getCanonicalFileName: (/** @type {string} */ name) => name,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n'
  }
  process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host))
}

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { programs: [program], project: null } } }
})
const results = await eslint.lintFiles(['.'])
const formatter = await eslint.loadFormatter('stylish')
process.stdout.write(await formatter.format(results))
const lintErrors = results.reduce((sum, result) => sum + result.errorCount, 0)

if (diagnostics.length || lintErrors) process.exitCode = 1
