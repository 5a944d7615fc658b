// @ts-check
// Text from a stage or a profile is data. The runner evaluates every `${{ … }}` in a workflow,
// so a `${{` in that text (`${{ secrets.DEPLOY_TOKEN }}` in a stage's name, say) would let the
// stage read the caller's secrets. Only what the converter itself writes may be an expression.

export const OPEN = '${{'

/** The literal `${{` written as an expression whose value is `${{` (GitHub has no escape). */
const QUOTED_OPEN = "${{ '${{' }}"

/**
 * Text for a place where GitHub evaluates expressions (`with:`, a step's `name:`, a default):
 * each `${{` becomes an expression that yields it.
 * @param {string} text
 */
export const literal = text => text.replaceAll(OPEN, QUOTED_OPEN)

/**
 * Text for a place where GitHub allows no expression (a workflow's `name:`, an input's
 * description): its parser rejects `${{` there, so it is broken up as `${ {`.
 * @param {string} text
 */
export const inert = text => text.replaceAll(OPEN, '${ {')

/** Whether `inert` changes the text, so that the caller can say so in a comment. */
export const opensExpression = (/** @type {string} */ text) => text.includes(OPEN)
