// Start-up pays only for what the run uses (docs/startup.md): a plain run (no proxy, no OIDC, no
// YAML input, an answer that is not compressed) evaluates none of the optional pieces, and what it
// loads stays within a budget. The run is dist/index.js in a child process, as the runner starts
// it, with a module hook that writes down every file of JavaScript it loads and, at exit, the
// built-in modules Node evaluated.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.js'
import { startAction } from '../scripts/local-runner.mjs'

/**
 * What a plain run may load at start, in bytes of JavaScript: 156 kB on 2 Dec 2026 (ncc's bundle
 * was 1.3 MB). Every 100 kB costs about 3.5 ms of each start on a 2-core runner.
 */
const START_BUDGET_BYTES = 150_000

/**
 * A text each optional piece is known by, as it stands in the bundle. An eager import of one of
 * them puts its text into what the plain run loads.
 */
const OPTIONAL_PIECES: Record<string, string> = {
  undici: 'undici:request:create',
  '@actions/http-client (the proxy agent)': 'Client has already been disposed',
  'tunnel (the proxy tunnel)': 'httpsOverHttps',
  "@actions/core's OIDC client": 'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL',
  "the action's own OIDC client": "the runner's token service",
  yaml: 'YAMLParseError',
  'jsonpath-plus': 'You must supply an otherTypeCallback callback option',
  'the JSONPath dialect (syntax, search, placeholders)': 'unclosed `(`',
  'the monitor (polling)': 'before the first poll'
}

/**
 * Built-in modules that only an optional piece needs: the compression decoders; undici's
 * worker_threads (node:http itself loads diagnostics_channel and async_hooks); TLS, which a
 * call to an http URL never uses; jsonpath-plus's vm; the look-up of a name and the link-local
 * check (dns, net's BlockList), which a URL with an address never needs; perf_hooks, which the
 * global `performance` loads on first touch.
 */
const OPTIONAL_BUILTINS = ['zlib', 'worker_threads', 'https', 'tls', 'vm', 'dns', 'internal/blocklist', 'perf_hooks']

const scratch = mkdtempSync(path.join(tmpdir(), 'webhook-startup-'))
const recorder = path.join(scratch, 'record.mjs')
const hooks = path.join(scratch, 'hooks.mjs')
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.STARTUP_RECORD, 'file ' + url + '\\n')
  return next(url, context)
}
`
)
writeFileSync(
  recorder,
  `import { register } from 'node:module'
register(${JSON.stringify(new URL(`file://${hooks}`).href)})
`
)
// Apart from the hook, which runs on a worker thread of its own and so loads built-ins itself.
const builtinRecorder = path.join(scratch, 'builtins.cjs')
writeFileSync(
  builtinRecorder,
  `process.on('exit', () => require('node:fs').appendFileSync(process.env.STARTUP_RECORD, process.moduleLoadList.map(m => 'builtin ' + m).join('\\n') + '\\n'))
`
)

interface Loaded {
  /** The bundle's files the run loaded, as paths. */
  files: string[]
  /** Node's built-in modules the run evaluated (`NativeModule zlib` is zlib). */
  builtins: string[]
  code: number | null
}

let runs = 0
async function recordRun(inputs: Record<string, string>, what: 'files' | 'builtins'): Promise<Loaded> {
  const record = path.join(scratch, `run${runs++}.txt`)
  writeFileSync(record, '')
  const { finished } = startAction({
    inputs,
    env: {
      NODE_OPTIONS: what === 'files' ? `--import=${recorder}` : `--require=${builtinRecorder}`,
      STARTUP_RECORD: record
    }
  })
  const { code } = await finished
  const lines = readFileSync(record, 'utf8').split('\n')
  return {
    files: lines.filter(line => line.startsWith('file ')).map(line => fileURLToPath(line.slice(5))),
    builtins: lines.filter(line => line.startsWith('builtin NativeModule ')).map(line => line.slice(21)),
    code
  }
}

const inBundle = (file: string): boolean => !file.startsWith(scratch)

describe('start-up', () => {
  let server: TestServer
  let plain: Loaded
  let plainBuiltins: Loaded
  beforeAll(async () => {
    server = await startServer(() => ({ status: 200, body: { id: 'job-1' } }))
    const inputs = { url: server.url, payload: '{"a": 1}', summary: 'false' }
    plain = await recordRun(inputs, 'files')
    plainBuiltins = await recordRun(inputs, 'builtins')
  }, 30_000)
  afterAll(() => server.close())

  it('a plain webhook call succeeds and loads only dist/index.js', () => {
    expect(plain.code).toBe(0)
    expect(plain.files.filter(inBundle).map(file => path.basename(file))).toEqual(['index.js'])
  })

  it.each(Object.entries(OPTIONAL_PIECES))('a plain webhook call does not evaluate %s', (_, text) => {
    const holding = plain.files.filter(inBundle).filter(file => readFileSync(file, 'utf8').includes(text))
    expect(holding, `loaded at start by a plain run, holding '${text}'`).toEqual([])
  })

  it('a plain webhook call to an http address loads none of the built-ins only optional pieces need', () => {
    expect(plainBuiltins.code).toBe(0)
    expect(plainBuiltins.builtins).toContain('http')
    expect(plainBuiltins.builtins.filter(name => OPTIONAL_BUILTINS.includes(name))).toEqual([])
  })

  it(`a plain webhook call loads at most ${START_BUDGET_BYTES / 1000} kB of JavaScript`, () => {
    const bytes = plain.files.filter(inBundle).reduce((sum, file) => sum + statSync(file).size, 0)
    expect(bytes).toBeLessThanOrEqual(START_BUDGET_BYTES)
  })

  // The recorder sees what is loaded later too: a run with a YAML input loads the yaml chunk.
  it('a run with a YAML input loads yaml when it needs it', async () => {
    const run = await recordRun({ url: server.url, headers: 'X-Job: "1"', summary: 'false' }, 'files')
    expect(run.code).toBe(0)
    const loaded = run.files.filter(inBundle).map(file => readFileSync(file, 'utf8'))
    expect(loaded.some(text => text.includes(OPTIONAL_PIECES.yaml))).toBe(true)
  }, 30_000)

  it('a run that waits with a JSONPath loads the monitor, the dialect and jsonpath-plus when it needs them', async () => {
    const job = await startServer(request =>
      request.method === 'POST'
        ? { status: 202, headers: { Location: '/status' } }
        : { status: 200, body: { state: 'DONE' } }
    )
    try {
      const inputs = {
        url: job.url,
        'wait-for-completion': 'true',
        'status-url-resolution': 'location-header',
        'status-json-path': '$.state',
        'success-statuses': 'DONE',
        summary: 'false'
      }
      const run = await recordRun(inputs, 'files')
      expect(run.code).toBe(0)
      const loaded = run.files.filter(inBundle).map(file => readFileSync(file, 'utf8'))
      for (const piece of [
        'jsonpath-plus',
        'the JSONPath dialect (syntax, search, placeholders)',
        'the monitor (polling)'
      ]) {
        expect(
          loaded.some(text => text.includes(OPTIONAL_PIECES[piece])),
          piece
        ).toBe(true)
      }
    } finally {
      await job.close()
    }
  }, 30_000)
})
