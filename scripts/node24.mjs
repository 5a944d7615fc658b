// @ts-check
// Runs a Node script on Node 24, the runtime action.yml declares, without fetching Node on every
// run: the node running this script when it is already 24 (setup-node in CI), else node@24 from
// the npm registry, installed once into ~/.cache/webhook-stage-action/node24 and reused after.
//
//   node scripts/node24.mjs <script> [args…]

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import * as path from 'node:path'

const MAJOR = 24

const cacheDir = path.join(
  process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'),
  'webhook-stage-action',
  `node${MAJOR}`
)
const cachedNode = path.join(cacheDir, 'node_modules', 'node', 'bin', 'node')

/**
 * The major version of a node binary, or undefined when it does not run.
 * @param {string} node
 */
function majorOf(node) {
  const result = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' })
  return result.status === 0 ? Number(result.stdout.split('.')[0]) : undefined
}

function installOnce() {
  if (existsSync(cachedNode) && majorOf(cachedNode) === MAJOR) return cachedNode
  console.log(`Installing node@${MAJOR} once into ${cacheDir}`)
  mkdirSync(cacheDir, { recursive: true })
  writeFileSync(path.join(cacheDir, 'package.json'), '{ "private": true }\n')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', `node@${MAJOR}`], {
    cwd: cacheDir,
    stdio: 'inherit'
  })
  if (install.status !== 0 || majorOf(cachedNode) !== MAJOR) {
    console.error(`::error::could not install node@${MAJOR} into ${cacheDir}`)
    process.exit(1)
  }
  return cachedNode
}

const node = Number(process.versions.node.split('.')[0]) === MAJOR ? process.execPath : installOnce()
const run = spawnSync(node, process.argv.slice(2), { stdio: 'inherit' })
process.exit(run.status ?? 1)
