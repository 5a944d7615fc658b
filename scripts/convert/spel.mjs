// @ts-check
// Spinnaker's pipeline expressions (SpEL, `${ … }`) in a stage's text: finds them, translates the
// few whose GitHub meaning is plain, and reports every other one so the converter can mark it.
//
// Translated (anything else is kept as written and reported):
//   ${trigger.parameters.x}, ${parameters.x}, ${execution.trigger.parameters.x}  → ${{ inputs.x }}
//   ${parameterValues['x']} (a preconfigured webhook's parameter)                → ${{ inputs.x }}
//   ${execution.id}                                                              → ${{ github.run_id }}
//   ${#stage('Name')['context']['buildInfo'][…]} of a converted webhook stage    → ${{ fromJSON(steps.<id>.outputs.build-info)[…] }}
//   ${#stage('Name')['context']['webhook']['body'][…]}                           → ${{ fromJSON(steps.<id>.outputs.response)[…] }}
//   the same of the stage itself, in cancel-endpoint                              → {$[…]} (a JSONPath placeholder)
// A #stage() reference to a later stage, or to the stage itself elsewhere, is not translated: a
// step cannot read the outputs of a step that has not finished.

import { literal } from './literal.mjs'

/**
 * @typedef {{ from: string, to: string, input?: string, raw?: boolean, stage?: string }} Translation
 *   stage: the step or job whose outputs it reads
 * @typedef {{ text?: string, expression?: string }} Part  the stage's own text, or a GitHub expression
 * @typedef {{ text: string, parts: Part[], translated: Translation[], untranslated: string[] }} SpelResult
 * @typedef {{ stepIds: Map<string, string>, self?: string, jobs?: boolean }} SpelContext  stepIds:
 *   stage name → step (or job) id of the stages converted before this one; self: this stage's name;
 *   jobs: each stage is a job of its own, so other stages' outputs are read through `needs`
 */

/**
 * The id of the workflow input a Spinnaker parameter becomes: GitHub's ids are letters, digits,
 * `-` and `_`, starting with a letter or `_`.
 * @param {string | number} name
 */
export function inputId(name) {
  const id = String(name).replace(/[^A-Za-z0-9_-]+/g, '_')
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`
}

/**
 * The `${ … }` expressions in `text`, with their positions. Braces inside SpEL (inline maps and
 * lists, quoted strings) are matched; an expression that never closes runs to the end.
 * @param {string} text
 * @returns {{ start: number, end: number, source: string, inner: string }[]}
 */
export function findExpressions(text) {
  const found = []
  let at = text.indexOf('${')
  while (at !== -1) {
    let depth = 0
    let quote = ''
    let end = text.length
    for (let i = at + 1; i < text.length; i++) {
      const c = text[i]
      if (quote) {
        if (c === quote) quote = ''
      } else if (c === "'" || c === '"') quote = c
      else if (c === '{') depth++
      else if (c === '}' && --depth === 0) {
        end = i + 1
        break
      }
    }
    const source = text.slice(at, end)
    found.push({ start: at, end, source, inner: source.slice(2, source.endsWith('}') ? -1 : undefined).trim() })
    at = text.indexOf('${', end)
  }
  return found
}

/**
 * Reads a property chain such as `trigger.parameters['x'][0]` into its names.
 * @param {string} source
 * @returns {(string|number)[] | null} null when it is anything more than a chain of names
 */
function chain(source) {
  const names = []
  const part = /\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\])/y
  const head = /^\s*([A-Za-z_$][\w$]*)/.exec(source)
  if (!head) return null
  names.push(head[1])
  part.lastIndex = head[0].length
  while (part.lastIndex < source.length) {
    const at = part.lastIndex
    const match = part.exec(source)
    if (!match) return source.slice(at).trim() === '' ? names : null
    names.push(match[4] !== undefined ? Number(match[4]) : (match[1] ?? match[2] ?? match[3]))
  }
  return names
}

/**
 * A property access in a GitHub expression (or, with `jsonPath`, in JSONPath): `.name`,
 * `['other name']` or `[0]`.
 * @param {(string|number)[]} names
 * @param {boolean} [jsonPath]
 */
export function access(names, jsonPath = false) {
  const plain = jsonPath ? /^[A-Za-z_]\w*$/ : /^[A-Za-z_][\w-]*$/
  const quote = (/** @type {string} */ name) => (jsonPath ? name.replace(/['\\]/g, '\\$&') : name.replaceAll("'", "''"))
  return names
    .map(name => (typeof name === 'number' ? `[${name}]` : plain.test(name) ? `.${name}` : `['${quote(name)}']`))
    .join('')
}

/**
 * The GitHub expression for one SpEL expression, or null when there is no honest translation.
 * @param {string} inner the text between `${` and `}`
 * @param {SpelContext} context
 * @param {string} key the input it is for
 * @returns {Omit<Translation, 'from'> | null}
 */
function translate(inner, context, key) {
  const stage = /^#stage\(\s*(['"])(.*?)\1\s*\)/.exec(inner)
  if (stage) {
    const rest = chain(`s${inner.slice(stage[0].length)}`)?.slice(1)
    if (!rest || rest[0] !== 'context') return null
    if (stage[2] === context.self) {
      const body = rest[1] === 'webhook' && rest[2] === 'body'
      return key === 'cancel-endpoint' && body ? { to: `{$${access(rest.slice(3), true)}}`, raw: true } : null
    }
    const id = context.stepIds.get(stage[2])
    if (!id) return null
    const outputs = context.jobs ? `needs.${id}.outputs` : `steps.${id}.outputs`
    if (rest[1] === 'buildInfo') return { to: `fromJSON(${outputs}.build-info)${access(rest.slice(2))}`, stage: id }
    if (rest[1] === 'webhook' && rest[2] === 'body')
      return { to: `fromJSON(${outputs}.response)${access(rest.slice(3))}`, stage: id }
    return null
  }
  const names = chain(inner)
  if (!names) return null
  const path = names.join('.')
  const parameter = (/** @type {number} */ at) =>
    names.length === at + 1 && typeof names[at] === 'string'
      ? { to: `inputs.${inputId(names[at])}`, input: inputId(names[at]) }
      : null
  if (path.startsWith('execution.trigger.parameters.')) return parameter(3)
  if (path.startsWith('trigger.parameters.')) return parameter(2)
  if (path.startsWith('parameters.') || path.startsWith('parameterValues.')) return parameter(1)
  if (path === 'execution.id') return { to: 'github.run_id' }
  return null
}

/**
 * Translates the SpEL in `text` where it can, and lists what it could not translate.
 * @param {string} text
 * @param {SpelContext} context
 * @param {string} [key] the input it is for
 * @returns {SpelResult}
 */
export function translateSpel(text, context, key = '') {
  /** @type {SpelResult} */
  const result = { text: '', parts: [], translated: [], untranslated: [] }
  // The stage's own text (untranslated SpEL included) waits here until the converter writes
  // something of its own, so that a `${{` in it is written as a literal.
  let stageText = ''
  let from = 0
  for (const expression of findExpressions(text)) {
    const done = expression.source.endsWith('}') ? translate(expression.inner, context, key) : null
    stageText += text.slice(from, expression.start)
    if (done) {
      // A placeholder is the stage's own text too (a quoted key may hold `${{`): literal as well.
      const written = done.raw ? literal(done.to) : `\${{ ${done.to} }}`
      result.text += literal(stageText) + written
      result.parts.push({ text: stageText }, done.raw ? { text: done.to } : { expression: done.to })
      stageText = ''
      result.translated.push({ from: expression.source, ...done })
    } else {
      stageText += expression.source
      result.untranslated.push(expression.source)
    }
    from = expression.end
  }
  result.text += literal(stageText + text.slice(from))
  result.parts.push({ text: stageText + text.slice(from) })
  result.parts = result.parts.filter(part => part.expression || part.text)
  return result
}
