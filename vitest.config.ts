import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// The packages __tests__/workflows.test.ts loads through Vite (server.deps.inline below):
// @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which Node
// refuses, and @actions/expressions comes with it.
const inlined = ['@actions/workflow-parser', '@actions/expressions']
const inlinedFile = /[\\/]node_modules[\\/]@actions[\\/](workflow-parser|expressions)[\\/]dist[\\/].*\.js$/

export default defineConfig({
  plugins: [
    {
      // Their source maps name .ts sources the packages do not ship, and Vite would warn about
      // each of the ~80 files on every run: load them without the map.
      name: 'inlined-without-sourcemaps',
      enforce: 'pre',
      async load(id) {
        if (!inlinedFile.test(id)) return null
        const code = await readFile(id, 'utf8')
        return { code: code.replace(/^\/\/# sourceMappingURL=.*$/m, ''), map: null }
      }
    }
  ],
  test: {
    include: ['__tests__/**/*.test.ts'],
    globalSetup: ['__tests__/support/bundle.ts'],
    setupFiles: ['__tests__/support/engines.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One fresh process per file cost more CPU than most unit files take to run; the tests keep
    // no state across files (each starts its own servers and runs the action in its own process).
    isolate: false,
    // The black-box tests mostly wait on the action's process and its timers: two files per core
    // keep the cores busy while others wait.
    maxWorkers: Math.max(4, availableParallelism() * 2),
    server: { deps: { inline: inlined } }
  }
})
