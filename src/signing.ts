// HMAC-SHA256 signatures over the exact bytes of the webhook call's body, in the two shapes
// receivers check: GitHub's webhooks and Standard Webhooks (https://www.standardwebhooks.com).

import { createHmac } from 'node:crypto'

export type SigningScheme = 'github' | 'standard-webhooks'

export class SigningSecretError extends Error {}

const STANDARD_WEBHOOKS_PREFIX = 'whsec_'
/** Standard base64, padding optional; Buffer.from would silently skip anything else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/

/**
 * The HMAC key. A Standard Webhooks secret is base64, with or without its `whsec_` prefix, as
 * that spec's libraries read it; a GitHub secret is the text itself.
 */
export function parseSigningSecret(scheme: SigningScheme, text: string): Buffer {
  if (scheme === 'github') {
    if (text === '') throw new SigningSecretError('the signing secret is empty')
    return Buffer.from(text, 'utf8')
  }
  const encoded = text.trim().replace(/^whsec_/, '')
  // The message names what is wrong, never the secret.
  if (!BASE64.test(encoded)) {
    throw new SigningSecretError(
      `a standard-webhooks signing secret must be base64, optionally prefixed with ${STANDARD_WEBHOOKS_PREFIX}`
    )
  }
  const key = Buffer.from(encoded, 'base64')
  if (key.length === 0) throw new SigningSecretError('the signing secret is empty')
  return key
}

/** The headers that sign one attempt of the call; a retry is signed afresh with a new timestamp. */
export function signatureHeaders(
  scheme: SigningScheme,
  key: Buffer,
  body: Buffer,
  id: string,
  timestampSeconds: number
): Record<string, string> {
  if (scheme === 'github') {
    return { 'X-Hub-Signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}` }
  }
  const timestamp = String(Math.floor(timestampSeconds))
  // `{id}.{timestamp}.{body}` with the body as raw bytes: decoding it to text first would alter
  // a body that is not valid UTF-8.
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` }
}
