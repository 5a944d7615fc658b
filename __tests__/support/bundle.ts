// vitest's globalSetup: the action is bundled once per test run, exactly as `npm run bundle` does
// but into a cache folder, and the black-box tests run that build: they test the sources, not
// whatever dist/ was last committed (project.test.ts compares the two). The build runs in the
// background; the tests that run the action wait for it (whenBuilt). A build is kept under
// node_modules/.cache by a hash of everything that goes into it, so a second run on the same
// sources (the Node 24 pass, a rerun after editing only a test) starts at once.

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built action's entry point, which the black-box tests run. */
    actionMain: string
  }
}

const root = path.resolve(import.meta.dirname, '../..')
const cache = path.join(root, 'node_modules', '.cache', 'webhook-stage-action')
const rollup = path.join(root, 'node_modules', 'rollup')

/** `npm run bundle`'s arguments to rollup (`-c`: rollup.config.mjs), with the output folder given. */
export function bundleArguments(outDir: string): string[] {
  const bundle: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.bundle
  return [...bundle.replace(/^rollup /, '').split(' '), '--dir', outDir]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name))
    .sort()
}

/** What the bundle is made of: the sources, the locked dependencies, the bundler, its config and the script. */
function buildKey(): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(bundleArguments('dist')))
  hash.update(readFileSync(path.join(rollup, 'package.json')))
  const inputs = [...filesUnder(path.join(root, 'src')), 'package-lock.json', 'tsconfig.json', 'rollup.config.mjs']
  for (const file of inputs) {
    hash.update(path.relative(root, path.resolve(root, file)))
    hash.update(readFileSync(path.resolve(root, file)))
  }
  return hash.digest('hex').slice(0, 20)
}

/** Where the bundle of the current sources is, or will be once built. */
export function bundleFolder(): string {
  return path.join(cache, `bundle-${buildKey()}`)
}

const failureOf = (outDir: string): string => `${outDir}.failed`

/**
 * Builds the bundle into `outDir` in the background: rollup runs while the unit tests do. Built
 * aside and renamed into place, so a folder under its final name is always a whole build; a
 * build that fails leaves rollup's message beside it for the tests to show.
 */
function startBuild(outDir: string): { done: Promise<void>; stop(): void } {
  const partial = `${outDir}.${process.pid}.partial`
  rmSync(partial, { recursive: true, force: true })
  rmSync(failureOf(outDir), { force: true })
  const child = spawn(process.execPath, [path.join(rollup, 'dist/bin/rollup'), ...bundleArguments(partial)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let errors = ''
  child.stderr.setEncoding('utf8').on('data', chunk => (errors += chunk))
  const done = new Promise<void>(resolve => {
    child.on('close', code => {
      if (code !== 0) {
        rmSync(partial, { recursive: true, force: true })
        if (code !== null) writeFileSync(failureOf(outDir), `npm run bundle failed (exit ${code}):\n${errors}`)
        return resolve()
      }
      for (const old of readdirSync(cache)) {
        const current = path.join(cache, old)
        if (old.startsWith('bundle-') && !old.endsWith('.partial') && current !== outDir) {
          rmSync(current, { recursive: true, force: true })
        }
      }
      // Another run may have finished the same build first: either is whole.
      if (existsSync(outDir)) rmSync(partial, { recursive: true, force: true })
      else renameSync(partial, outDir)
      resolve()
    })
  })
  return { done, stop: () => child.kill() }
}

/**
 * Resolves once the bundle that `main` belongs to is built; a test that runs the action awaits
 * it (support/action.ts), a unit test never does.
 */
export async function whenBuilt(main: string, { pollMs = 50, giveUpMs = 300_000 } = {}): Promise<void> {
  const outDir = path.dirname(main)
  for (const started = Date.now(); !existsSync(main); await new Promise(resolve => setTimeout(resolve, pollMs))) {
    if (existsSync(failureOf(outDir))) throw new Error(readFileSync(failureOf(outDir), 'utf8'))
    if (Date.now() - started > giveUpMs) throw new Error(`no bundle at ${outDir} after ${giveUpMs / 1000}s`)
  }
}

export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  const outDir = bundleFolder()
  project.provide('actionMain', path.join(outDir, 'index.js'))
  if (existsSync(outDir)) return undefined
  mkdirSync(cache, { recursive: true })
  const build = startBuild(outDir)
  // Every test that needed the build has waited for it: one still running was not needed.
  return async () => {
    build.stop()
    await build.done
  }
}
