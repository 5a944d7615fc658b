// vitest's globalSetup: the action is bundled once per test run, exactly as `npm run bundle` does
// but into a cache folder, and the black-box tests run that build: they test the sources, not
// whatever dist/ was last committed (project.test.ts compares the two). A build is kept under
// node_modules/.cache by a hash of everything that goes into it, so a second run on the same
// sources (the Node 24 pass, a rerun after editing only a test) starts at once.

import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
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
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc')

/** `npm run bundle`'s arguments to ncc, with the output folder given. */
export function bundleArguments(outDir: string): string[] {
  const bundle: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.bundle
  return bundle
    .replace(/^ncc /, '')
    .replace(/-o dist\b/, `-o ${outDir}`)
    .split(' ')
    .map(arg => arg.replace(/^"(.*)"$/, '$1'))
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name))
    .sort()
}

/** What the bundle is made of: the sources, the locked dependencies, the compiler and the script. */
function buildKey(): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(bundleArguments('dist')))
  hash.update(readFileSync(path.join(ncc, 'package.json')))
  for (const file of [...filesUnder(path.join(root, 'src')), 'package-lock.json', 'tsconfig.json']) {
    hash.update(path.relative(root, path.resolve(root, file)))
    hash.update(readFileSync(path.resolve(root, file)))
  }
  return hash.digest('hex').slice(0, 20)
}

/** The folder of a bundle of the current sources, built now unless an earlier run left one. */
export function bundleOnce(): string {
  const outDir = path.join(cache, `bundle-${buildKey()}`)
  if (existsSync(outDir)) return outDir
  // Built aside and renamed into place: a folder under its final name is always a whole build.
  const partial = `${outDir}.${process.pid}.partial`
  rmSync(partial, { recursive: true, force: true })
  execFileSync(process.execPath, [path.join(ncc, 'dist/ncc/cli.js'), ...bundleArguments(partial), '-q'], {
    cwd: root,
    stdio: 'pipe'
  })
  for (const old of existsSync(cache) ? readdirSync(cache) : []) {
    if (old.startsWith('bundle-') && !old.endsWith('.partial'))
      rmSync(path.join(cache, old), { recursive: true, force: true })
  }
  mkdirSync(cache, { recursive: true })
  renameSync(partial, outDir)
  return outDir
}

export default function setup(project: TestProject): void {
  project.provide('actionMain', path.join(bundleOnce(), 'index.js'))
}
