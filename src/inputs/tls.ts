// The client's TLS identity (client-certificate, client-key, client-key-passphrase) and the CAs
// it trusts (ca-certificates), checked before any request so that a bad key or PEM is an input
// error, not a handshake failure minutes into a run.

import * as crypto from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import type * as Tls from 'node:tls'
import type { TlsSettings } from '../http/agents.js'
import { cleanOpenSslMessage } from '../http/tls-failure.js'
import { InputError } from './values.js'

export type TlsInput = 'client-certificate' | 'client-key' | 'client-key-passphrase' | 'ca-certificates'

export interface TlsInputs {
  certificate?: string
  key?: string
  passphrase?: string
  ca?: string
}

/** PEM text as given, or the content of the file it names (relative to the workspace). */
export function readPem(value: string, workspace: string): string {
  if (value.includes('-----BEGIN')) return value
  return readFileSync(path.resolve(workspace, value.trim()), 'utf8')
}

/** Reads and checks the TLS inputs; throws an InputError naming the first that is wrong. */
export function loadTlsSettings(inputs: TlsInputs, workspace: string): TlsSettings {
  const { certificate, key, passphrase, ca } = inputs
  if (certificate && !key) throw new InputError('client-key', 'is required with client-certificate')
  if (key && !certificate) throw new InputError('client-certificate', 'is required with client-key')
  if (passphrase && !key) throw new InputError('client-key-passphrase', 'is set but client-key is not')

  const settings: TlsSettings = {}
  if (certificate && key) {
    const certPem = pemInput('client-certificate', certificate, workspace)
    const keyPem = pemInput('client-key', key, workspace)
    const leaf = parseCertificates('client-certificate', certPem)[0]
    const privateKey = parseKey(keyPem, passphrase)
    if (!leaf.checkPrivateKey(privateKey)) {
      throw new InputError('client-key', `does not match client-certificate (${leaf.subject.replace(/\n/g, ', ')})`)
    }
    // Only the certificates: a combined file's key is given once, as the key.
    Object.assign(
      settings,
      { cert: pemBlocks(certPem, 'CERTIFICATE').join(''), key: keyPem },
      passphrase && { passphrase }
    )
  }
  if (ca) {
    const extra = parseCertificates('ca-certificates', pemInput('ca-certificates', ca, workspace))
    // Giving an Agent `ca` replaces Node's trust store, NODE_EXTRA_CA_CERTS included (Node 20
    // and 24 alike), so the defaults are spelled out and the extra CAs added to them.
    settings.ca = [...defaultCaCertificates(), ...extra.map(cert => cert.toString())]
  }
  return settings
}

type CaSource = 'default' | 'bundled' | 'extra' | 'system'
/** node:tls, loaded when a run reads its TLS settings: loading it costs a run on http 8 ms of CPU. */
let tlsModule: typeof Tls | undefined
const loadTls = (): typeof Tls => (tlsModule ??= process.getBuiltinModule('node:tls'))

/**
 * What Node trusts when no `ca` is given. Node 22.15+ and 24 say so themselves (bundled roots,
 * NODE_EXTRA_CA_CERTS and, with --use-system-ca, the system's); Node 20 only lists its bundled
 * roots, so NODE_EXTRA_CA_CERTS is read here as Node reads it (a bad file is ignored, as Node
 * ignores it after warning).
 */
export function defaultCaCertificates(env: NodeJS.ProcessEnv = process.env): string[] {
  const tls = loadTls()
  const { getCACertificates } = tls as { getCACertificates?: (source?: CaSource) => string[] }
  if (getCACertificates) return getCACertificates.call(tls, 'default')
  const file = env.NODE_EXTRA_CA_CERTS
  if (!file) return [...tls.rootCertificates]
  try {
    return [...tls.rootCertificates, ...pemBlocks(readFileSync(file, 'utf8'), 'CERTIFICATE')]
  } catch {
    return [...tls.rootCertificates]
  }
}

function pemInput(input: TlsInput, value: string, workspace: string): string {
  try {
    return readPem(value, workspace)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    // What is not PEM may be key material pasted without its BEGIN line: only a path that looks
    // like one is quoted, never the key input's value.
    const shown = input !== 'client-key' && /^[^\s]{1,200}$/.test(value.trim()) ? ` (${value.trim()}: ${reason})` : ''
    throw new InputError(input, `must be PEM text or a readable file relative to the workspace${shown}`)
  }
}

function parseCertificates(input: TlsInput, pem: string): crypto.X509Certificate[] {
  const blocks = pemBlocks(pem, 'CERTIFICATE')
  if (blocks.length === 0) throw new InputError(input, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)')
  return blocks.map((block, index) => {
    try {
      return new crypto.X509Certificate(block)
    } catch (error) {
      const which = blocks.length > 1 ? `certificate ${index + 1} of ${blocks.length}` : 'the certificate'
      throw new InputError(input, `has PEM that does not parse: ${which} (${opensslReason(error)})`)
    }
  })
}

function parseKey(pem: string, passphrase: string | undefined): crypto.KeyObject {
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem)
  if (encrypted && !passphrase) {
    throw new InputError('client-key-passphrase', 'is required: client-key is encrypted')
  }
  if (pemBlocks(pem, '[A-Z ]*PRIVATE KEY').length === 0) {
    throw new InputError('client-key', 'holds no PEM private key (-----BEGIN PRIVATE KEY-----)')
  }
  try {
    return crypto.createPrivateKey({ key: pem, passphrase })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (encrypted && code === 'ERR_OSSL_BAD_DECRYPT') {
      throw new InputError('client-key-passphrase', 'does not decrypt client-key (wrong passphrase)')
    }
    throw new InputError('client-key', `has PEM that does not parse as a private key (${opensslReason(error)})`)
  }
}

/** The PEM blocks of one kind (a regular expression source for the label), each whole. */
export function pemBlocks(text: string, label: string): string[] {
  const block = new RegExp(`-----BEGIN (${label})-----[\\s\\S]*?-----END \\1-----`, 'g')
  return [...text.matchAll(block)].map(match => `${match[0]}\n`)
}

/** OpenSSL's reason without its error codes and library names, e.g. `bad decrypt`. */
function opensslReason(error: unknown): string {
  return cleanOpenSslMessage((error as Error).message ?? String(error))
}
