// npm run bundle: dist/index.js and the chunks it imports when a run needs them (docs/startup.md).
//
// Rollup, as GitHub's own TypeScript action template uses, because it leaves out what the action
// never reaches: ncc evaluated @actions/core's OIDC client, @actions/http-client and undici at
// every start although a plain run uses none of them. An `import()` in the source becomes a chunk
// of its own, loaded only by the runs that reach it (a proxy, a YAML input).

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import * as path from 'node:path'
import commonjs from '@rollup/plugin-commonjs'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import ts from 'typescript'

/**
 * The sources, compiled file by file with TypeScript's transpileModule: the type check is
 * `npm run check`'s (scripts/check.mjs), so the bundle need not build a whole program again (it was
 * two thirds of a cold bundle's 13 s of CPU). Without the comments: every byte of the start
 * file is decoded and scanned at each start (about 1 ms per 100 kB on a 2-core runner), and they
 * were a quarter of it. src/ has them.
 */
const typescriptSources = {
  name: 'typescript-sources',
  resolveId(source, importer) {
    // `./stage.js` in a .ts source is ./stage.ts, as TypeScript's NodeNext resolution reads it.
    if (!importer?.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null
    const file = path.resolve(path.dirname(importer), `${source.slice(0, -3)}.ts`)
    return existsSync(file) ? file : null
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null
    const compilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      removeComments: true
    }
    return { code: ts.transpileModule(code, { fileName: id, compilerOptions }).outputText, map: null }
  }
}

/** The modules of these packages do nothing on import that the action relies on. */
const PURE_ON_IMPORT = /[\\/]node_modules[\\/](@actions[\\/](core|exec|io|http-client)|undici|tunnel)[\\/]/

/**
 * Built-ins taken from process.getBuiltinModule rather than imported: an ES module import of a
 * built-in builds its namespace, reading every export, and some load more when read. On Node 24,
 * node:http's WebSocket loads Node's own undici, zlib, tls and worker_threads; crypto's webcrypto
 * and fs's streams load theirs on both Node versions (20 ms of CPU in all on Node 24, measured).
 * Each export is read only where the bundle uses it; these are never read.
 */
const LAZY_EXPORTS = ['WebSocket', 'CloseEvent', 'MessageEvent']
const builtinsWithoutNamespace = {
  name: 'builtins-without-namespace',
  resolveId(source) {
    const name = source.replace(/^node:/, '')
    return builtinModules.includes(name) ? `\0builtin:${name}` : null
  },
  load(id) {
    if (!id.startsWith('\0builtin:')) return null
    const name = id.slice('\0builtin:'.length)
    const names = Object.keys(createRequire(import.meta.url)(name)).filter(
      key => !LAZY_EXPORTS.includes(key) && isBindingName(key)
    )
    // Local names of their own ($e0, $e1...), so that an export called `read` or `builtin` is no clash.
    return [
      `const $builtin = process.getBuiltinModule('node:${name}')`,
      'const $read = name => $builtin[name]',
      'export default $builtin',
      ...names.map((key, i) => `const $e${i} = /*#__PURE__*/ $read('${key}')\nexport { $e${i} as ${key} }`)
    ].join('\n')
  }
}

function isBindingName(key) {
  if (key === 'default' || !/^[A-Za-z_$][\w$]*$/.test(key)) return false
  try {
    new Function(`const ${key} = 0`)
    return true
  } catch {
    return false
  }
}

/** A fresh dist/ each time, with the package.json that makes Node read its .js files as ES modules. */
const distFolder = {
  name: 'dist-folder',
  renderStart(options) {
    rmSync(options.dir, { recursive: true, force: true })
  },
  generateBundle(_options, bundle) {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: '{\n  "type": "module"\n}\n' })
    this.emitFile({ type: 'asset', fileName: 'licenses.txt', source: licenses(bundle) })
  }
}

/** A chunk named after what it holds, so that a look at dist/ says what a run may load. */
function chunkName(chunk) {
  const ids = chunk.moduleIds.join('\n')
  if (/[\\/]node_modules[\\/]yaml[\\/]/.test(ids)) return 'yaml'
  if (/[\\/]node_modules[\\/]undici[\\/]/.test(ids)) return 'proxy-agent'
  if (/[\\/]node_modules[\\/]jsonpath-plus[\\/]/.test(ids)) return 'jsonpath'
  return chunk.name
}

/** The license texts of the packages whose code is in the bundle, as their licenses ask. */
function licenses(bundle) {
  const folders = new Set()
  for (const chunk of Object.values(bundle)) {
    for (const id of Object.keys(chunk.modules ?? {})) {
      const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id.replace(/^\0/, ''))
      if (match) folders.add(match[1])
    }
  }
  return [...folders]
    .map(folder => {
      const { name, version, license } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))
      const file = readdirSync(folder).find(entry => /^(licen[cs]e|copying)/i.test(entry))
      const text =
        file && existsSync(path.join(folder, file)) ? readFileSync(path.join(folder, file), 'utf8').trim() : ''
      return `${name}@${version}\n${license}\n${text}\n`
    })
    .sort()
    .join('\n')
}

export default {
  input: 'src/index.ts',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: 'index.js',
    chunkFileNames: chunk => `${chunkName(chunk)}.js`,
    generatedCode: 'es2015'
  },
  // Unused exports of these packages are dropped with the modules they import: @actions/core's
  // OIDC client (and so @actions/http-client and undici) goes when the action never calls getIDToken.
  treeshake: { moduleSideEffects: id => !PURE_ON_IMPORT.test(id) },
  plugins: [
    distFolder,
    builtinsWithoutNamespace,
    typescriptSources,
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    // A CommonJS require of a built-in gets the module itself, not a namespace of all its exports.
    commonjs({ requireReturnsDefault: id => id.startsWith('\0builtin:') })
  ],
  onwarn(warning, warn) {
    // undici and yaml have import cycles of their own; harmless and not ours to fix.
    // A name a module imports that the other does not export would be undefined at run time.
    if (warning.code === 'MISSING_EXPORT') throw new Error(warning.message)
    if (warning.code === 'CIRCULAR_DEPENDENCY') return
    // TypeScript's downlevel helpers in the toolkit's modules read a top-level `this`, undefined in a module.
    if (warning.code === 'THIS_IS_UNDEFINED') return
    warn(warning)
  }
}
