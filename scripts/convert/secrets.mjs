// @ts-check
// Credentials never reach the converted step: a credential header's value, or a URL's user info,
// becomes a `${{ secrets.NAME }}` reference. The original value is never printed.

/**
 * Header names the action treats as credentials: src/redact.ts's rule, which a TypeScript module
 * cannot hand a script; __tests__/convert/hostile.test.ts keeps the two equal.
 */
export const CREDENTIAL =
  /^(authorization|proxy-authorization|cookie)$|token|key|secret|auth|signature|password|session|credential/i

/** Authentication schemes kept in front of the secret, as written. */
const SCHEME = /^(bearer|basic|token|bot|digest|apikey|ssws)\s+/i

/**
 * A GitHub secret name: upper snake case, not starting with a digit or GITHUB_.
 * @param {string} text
 */
export function secretName(text) {
  const name = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return /^(\d|GITHUB_)/.test(name) || !name ? `WEBHOOK_${name}` : name
}

/**
 * A name not yet used by another step: the first stage gets NAME, later ones STEP_ID_NAME.
 * @param {string} base
 * @param {string} id
 * @param {{ secrets: Map<string, string> }} context
 * @param {string} holds what the secret holds, for its description
 */
function claim(base, id, context, holds) {
  let name = context.secrets.has(base) ? `${secretName(id)}_${base}` : base
  for (let n = 2; context.secrets.has(name); n++) name = `${base}_${n}`
  context.secrets.set(name, holds)
  return name
}

/**
 * The secret reference for a credential header's value, or null for any other header.
 * @param {string} header
 * @param {string} value
 * @param {number} index the value's place when the header has several
 * @param {string} id the step's id
 * @param {{ secrets: Map<string, string> }} context
 * @returns {{ name: string, value: string } | null}
 */
export function headerSecret(header, value, index, id, context) {
  if (!CREDENTIAL.test(header) || value.trim() === '') return null
  const base = secretName(header) + (index > 0 ? `_${index + 1}` : '')
  const scheme = SCHEME.exec(value)
  const name = claim(base, id, context, `The ${header} header${scheme ? `, after "${scheme[0].trim()} "` : ''}`)
  return { name, value: `${scheme ? scheme[0] : ''}\${{ secrets.${name} }}` }
}

/**
 * A URL's `scheme://user:password@` as a secret reference (`userInfo`) and the stage's text after
 * it (`rest`), or null when it has no user info.
 * @param {string} url
 * @param {string} id
 * @param {{ secrets: Map<string, string> }} context
 * @param {string} [base] the secret's name, unless the step already has one by that name
 * @param {string} [holds] what it holds, for the workflow's list of secrets
 * @returns {{ name: string, userInfo: string, rest: string } | null}
 */
export function urlUserInfoSecret(
  url,
  id,
  context,
  base = 'WEBHOOK_URL_USERINFO',
  holds = "The webhook URL's user:password"
) {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]+)@/i.exec(url)
  if (!match) return null
  const name = claim(base, id, context, holds)
  return { name, userInfo: `${match[1]}\${{ secrets.${name} }}@`, rest: url.slice(match[0].length) }
}
