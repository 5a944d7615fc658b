// The inputs of authentication and trust: the client's TLS identity and the CAs it trusts, the
// GitHub OIDC audience, the signing secret, and the paths to secrets in answers. Every secret is
// registered as soon as it is read, and no error quotes one.

import { InputError, quote } from './values.js'
import { compileJsonPath, type JsonPath } from '../jsonpath/index.js'
import type { Secrets } from '../redact.js'
import type { RequestSpec, Signing } from '../settings.js'
import { parseSigningSecret, SigningSecretError, type SigningScheme } from '../signing.js'
import type { TlsSettings } from '../http/agents.js'
import { loadTlsSettings, readPem } from './tls.js'

type Given = (name: string) => string

export function readTls(given: Given, workspace: string, secrets: Secrets): TlsSettings {
  const key = given('client-key')
  // For a key given as a path, the file's content is the secret; registered before anything can fail.
  if (key) {
    try {
      secretLines(readPem(key, workspace), secrets)
    } catch {
      // An unreadable file: loadTlsSettings names it.
    }
  }
  if (given('client-key-passphrase')) secrets.add(given('client-key-passphrase'))
  return loadTlsSettings(
    {
      certificate: given('client-certificate') || undefined,
      key: key || undefined,
      passphrase: given('client-key-passphrase') || undefined,
      ca: given('ca-certificates') || undefined
    },
    workspace
  )
}

/** A PEM key's body, line by line; its BEGIN and END lines are no secret, and masking them would garble logs. */
function secretLines(pem: string, secrets: Secrets): void {
  for (const line of pem.split(/\r?\n/)) if (!line.startsWith('-----')) secrets.add(line.trim())
}

export function readOidcAudience(
  text: string,
  headers: { hasAuthorization: boolean },
  webhook: RequestSpec,
  available: boolean
): string | undefined {
  if (!text) return undefined
  if (headers.hasAuthorization || webhook.authorization) {
    throw new InputError(
      'oidc-audience',
      'cannot be used with an Authorization header or user info in url: it sends its own'
    )
  }
  if (!available) {
    throw new InputError(
      'oidc-audience',
      "needs the job's OIDC token, which the runner gives only with `permissions: id-token: write` on the job or workflow"
    )
  }
  return text
}

const SCHEMES: readonly SigningScheme[] = ['github', 'standard-webhooks']

export function readSigning(given: Given, scheme: string, secrets: Secrets): Signing | undefined {
  const name = scheme.toLowerCase() as SigningScheme
  if (!SCHEMES.includes(name)) {
    throw new InputError('signing-scheme', `must be github or standard-webhooks (got ${quote(scheme)})`)
  }
  const secret = given('signing-secret')
  if (!secret) return undefined
  secrets.add(secret)
  try {
    const key = parseSigningSecret(name, secret)
    if (name === 'standard-webhooks') secrets.add(key.toString('base64'))
    return { scheme: name, key }
  } catch (error) {
    if (!(error instanceof SigningSecretError)) throw error
    throw new InputError('signing-secret', `is not usable: ${error.message}`)
  }
}

/** One JSONPath per line (a path may hold commas). */
export function readSecretJsonPaths(text: string): JsonPath[] {
  return text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '')
    .map(line => {
      try {
        return compileJsonPath(line)
      } catch (error) {
        throw new InputError('secret-json-paths', `must be JSONPaths, one per line: ${(error as Error).message}`)
      }
    })
}
