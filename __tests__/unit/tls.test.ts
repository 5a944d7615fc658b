// TLS inputs are checked before any request, and a failed handshake is one clear line. Real
// throwaway certificates, real handshakes on 127.0.0.1.

import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import * as tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCaCertificates, loadTlsSettings, readPem, type TlsInputs } from '../../src/inputs/tls.js'
import { InputError } from '../../src/inputs/values.js'
import type { TlsSettings } from '../../src/http/agents.js'
import { cleanOpenSslMessage, describeTlsFailure, isTlsFailure } from '../../src/http/tls-failure.js'
import { makePki, type TestPki } from '../support/certificates.js'

let pki: TestPki
beforeAll(() => {
  pki = makePki()
})
afterAll(() => pki.remove())

/** The body lines of a PEM block: what must never reach a message. */
const material = (pem: string): string[] => pem.split('\n').filter(line => line && !line.startsWith('-----'))

function settingError(inputs: TlsInputs): InputError {
  try {
    loadTlsSettings(inputs, pki.dir)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    const message = (error as Error).message
    for (const secret of [pki.client.key.pem, pki.client.encryptedKey.pem, pki.unrelatedKey.pem]) {
      for (const line of material(secret)) expect(message).not.toContain(line)
    }
    expect(message).not.toMatch(/deps\/openssl|\.c:\d+|error:[0-9A-F]{8}/)
    if (inputs.passphrase) expect(message).not.toContain(inputs.passphrase)
    return error as InputError
  }
  throw new Error('expected a InputError')
}

describe('readPem', () => {
  it('takes PEM text as it is', () => {
    expect(readPem(pki.ca.pem, '/nowhere')).toBe(pki.ca.pem)
  })

  it('reads a path relative to the workspace, or an absolute one', () => {
    expect(readPem('ca.crt', pki.dir)).toBe(pki.ca.pem)
    expect(readPem(` ${pki.ca.path}\n`, '/nowhere')).toBe(pki.ca.pem)
  })
})

describe('loadTlsSettings', () => {
  it('is empty without TLS inputs: Node’s defaults stay', () => {
    expect(loadTlsSettings({}, pki.dir)).toEqual({})
  })

  it('reads a client certificate and key given as paths or as text', () => {
    const fromPaths = loadTlsSettings({ certificate: 'client.crt', key: 'client.key' }, pki.dir)
    expect(fromPaths).toEqual({ cert: pki.client.cert.pem, key: pki.client.key.pem })
    expect(loadTlsSettings({ certificate: pki.client.cert.pem, key: pki.client.key.pem }, '/nowhere')).toEqual(
      fromPaths
    )
  })

  it('checks an encrypted key with its passphrase, and passes both on', () => {
    const { passphrase } = pki.client
    expect(loadTlsSettings({ certificate: 'client.crt', key: 'client-encrypted.key', passphrase }, pki.dir)).toEqual({
      cert: pki.client.cert.pem,
      key: pki.client.encryptedKey.pem,
      passphrase
    })
  })

  it('adds ca-certificates to Node’s default trust', () => {
    const settings = loadTlsSettings({ ca: 'ca.crt' }, pki.dir)
    expect(settings.ca?.slice(0, -1)).toEqual(defaultCaCertificates())
    expect(settings.ca?.at(-1)?.trim()).toBe(pki.ca.pem.trim())
    for (const root of tls.rootCertificates) expect(settings.ca).toContain(root)
  })

  it('reads every certificate of a bundle', () => {
    const settings = loadTlsSettings({ ca: pki.ca.pem + pki.otherCa.pem }, pki.dir)
    expect(settings.ca?.slice(-2).map(pem => pem.trim())).toEqual([pki.ca.pem.trim(), pki.otherCa.pem.trim()])
  })

  it.each<[string, TlsInputs, string, RegExp]>([
    ['a certificate without a key', { certificate: 'client.crt' }, 'client-key', /is required with client-certificate/],
    ['a key without a certificate', { key: 'client.key' }, 'client-certificate', /is required with client-key/],
    ['a passphrase without a key', { passphrase: 'pw' }, 'client-key-passphrase', /client-key is not/],
    [
      'an encrypted key without its passphrase',
      { certificate: 'client.crt', key: 'client-encrypted.key' },
      'client-key-passphrase',
      /is required: client-key is encrypted/
    ],
    [
      'a wrong passphrase',
      { certificate: 'client.crt', key: 'client-encrypted.key', passphrase: 'Tr0ub4dor&3' },
      'client-key-passphrase',
      /does not decrypt client-key/
    ],
    [
      'a key that does not match the certificate',
      { certificate: 'client.crt', key: 'unrelated.key' },
      'client-key',
      /does not match client-certificate \(CN=webhook-stage-action\)/
    ],
    [
      'a certificate given as the key',
      { certificate: 'client.crt', key: 'client.crt' },
      'client-key',
      /holds no PEM private key/
    ],
    [
      'a key given as the certificate',
      { certificate: 'client.key', key: 'client.key' },
      'client-certificate',
      /holds no PEM certificate/
    ],
    [
      'a certificate file that is missing',
      { certificate: 'missing.crt', key: 'client.key' },
      'client-certificate',
      /readable file relative to the workspace \(missing\.crt: ENOENT\)/
    ],
    ['a CA bundle that is missing', { ca: 'certs/ca.pem' }, 'ca-certificates', /\(certs\/ca\.pem: ENOENT\)/],
    ['a CA bundle that is a directory', { ca: '.' }, 'ca-certificates', /\(\.: EISDIR\)/]
  ])('refuses %s', (_case, inputs, input, message) => {
    const error = settingError(inputs)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(new RegExp(`^Input '${input}' `))
    expect(error.message).toMatch(message)
  })

  it('refuses PEM that does not parse, naming which certificate of a bundle', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----\n'
    expect(settingError({ ca: pki.ca.pem + broken }).message).toMatch(
      /^Input 'ca-certificates' has PEM that does not parse: certificate 2 of 2 \(/
    )
    const error = settingError({ certificate: broken, key: 'client.key' })
    expect(error.input).toBe('client-certificate')
  })

  it('refuses a key whose PEM does not parse, without quoting it', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nTUlJQnJva2VuS2V5TWF0ZXJpYWw=\n-----END PRIVATE KEY-----\n'
    const error = settingError({ certificate: 'client.crt', key })
    expect(error.input).toBe('client-key')
    expect(error.message).toMatch(/does not parse as a private key \(DECODER routines::unsupported\)|does not parse/)
    expect(error.message).not.toContain('TUlJQnJva2VuS2V5TWF0ZXJpYWw')
  })

  it('never quotes a client-key that is neither PEM nor a file: it may be a key pasted without its BEGIN line', () => {
    const pasted = material(pki.client.key.pem).join('')
    const error = settingError({ certificate: 'client.crt', key: pasted })
    expect(error.message).toBe("Input 'client-key' must be PEM text or a readable file relative to the workspace")
  })
})

describe('defaultCaCertificates', () => {
  it('keeps NODE_EXTRA_CA_CERTS, which an Agent given `ca` would otherwise drop', () => {
    const hasOwnList = 'getCACertificates' in tls
    const defaults = defaultCaCertificates({ NODE_EXTRA_CA_CERTS: pki.ca.path })
    if (hasOwnList) {
      // Node says itself what it trusts, NODE_EXTRA_CA_CERTS as read at start-up included.
      const own = (tls as unknown as { getCACertificates(kind: string): string[] }).getCACertificates('default')
      expect(defaults).toEqual(own)
    } else {
      expect(defaults.slice(0, tls.rootCertificates.length)).toEqual(tls.rootCertificates)
      expect(defaults.at(-1)?.trim()).toBe(pki.ca.pem.trim())
      expect(defaultCaCertificates({ NODE_EXTRA_CA_CERTS: path.join(pki.dir, 'missing.pem') })).toEqual(
        tls.rootCertificates
      )
      expect(defaultCaCertificates({})).toEqual(tls.rootCertificates)
    }
  })
})

interface ServerOptions extends https.ServerOptions {
  requestCert?: boolean
}

/** Starts an https server, makes one GET with the given agent options, and closes it. */
async function handshake(server: ServerOptions, client: TlsSettings & tls.ConnectionOptions): Promise<string> {
  const srv = https.createServer(server, (_req, res) => res.end('ok'))
  srv.on('tlsClientError', () => {})
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address() as AddressInfo
  const agent = new https.Agent(client)
  try {
    return await new Promise<string>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port, agent }, res => {
          res.resume()
          res.on('end', () => resolve(`HTTP ${res.statusCode}`))
        })
        .on('error', reject)
    })
  } finally {
    agent.destroy()
    srv.closeAllConnections()
    await new Promise(resolve => srv.close(resolve))
  }
}

async function failure(
  server: ServerOptions,
  client: TlsSettings & tls.ConnectionOptions
): Promise<NodeJS.ErrnoException> {
  try {
    await handshake(server, client)
  } catch (error) {
    return error as NodeJS.ErrnoException
  }
  throw new Error('expected the handshake to fail')
}

describe('TLS with the settings', () => {
  const server = (): ServerOptions => ({ cert: pki.server.cert.pem, key: pki.server.key.pem })
  const mutual = (): ServerOptions => ({ ...server(), ca: [pki.ca.pem], requestCert: true, rejectUnauthorized: true })

  it('trusts a server signed by a CA from ca-certificates', async () => {
    expect(await handshake(server(), loadTlsSettings({ ca: 'ca.crt' }, pki.dir))).toBe('HTTP 200')
  })

  it('presents the client certificate, its encrypted key decrypted with the passphrase', async () => {
    const settings = loadTlsSettings(
      { certificate: 'client.crt', key: 'client-encrypted.key', passphrase: pki.client.passphrase, ca: 'ca.crt' },
      pki.dir
    )
    expect(await handshake(mutual(), settings)).toBe('HTTP 200')
  })
})

describe('describeTlsFailure', () => {
  const host = '127.0.0.1:8443'
  const server = (): ServerOptions => ({ cert: pki.server.cert.pem, key: pki.server.key.pem })
  const trusting = (): TlsSettings => loadTlsSettings({ ca: 'ca.crt' }, pki.dir)
  const mutual = (extra: ServerOptions = {}): ServerOptions => ({
    ...server(),
    ca: [pki.ca.pem],
    requestCert: true,
    rejectUnauthorized: true,
    ...extra
  })

  const clean = (line: string): void => {
    expect(line).not.toMatch(/deps\/openssl|\.c:\d+|error:[0-9A-F]{8}|\n/)
  }

  it('says the server’s certificate is signed by an unknown issuer', async () => {
    const error = await failure(server(), {})
    expect(isTlsFailure(error)).toBe(true)
    const line = describeTlsFailure(error, host)
    expect(line).toMatch(
      /^the server's certificate for 127\.0\.0\.1:8443 is not trusted: it is signed by an unknown issuer/
    )
    expect(line).toMatch(/add the CA that signs it to ca-certificates \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)$/)
    clean(line)
  })

  it('says it is self-signed', async () => {
    const error = await failure({ cert: pki.selfSigned.cert.pem, key: pki.selfSigned.key.pem }, {})
    expect(describeTlsFailure(error, host)).toMatch(
      /is not trusted: it is self-signed; .*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/
    )
  })

  it('says its chain ends in an untrusted CA', async () => {
    const error = await failure({ cert: pki.server.cert.pem + pki.ca.pem, key: pki.server.key.pem }, {})
    expect(describeTlsFailure(error, host)).toMatch(
      /self-signed CA that is not trusted.*\(SELF_SIGNED_CERT_IN_CHAIN\)$/
    )
  })

  it('says the certificate is for another host, and which', async () => {
    const error = await failure({ cert: pki.wrongHost.cert.pem, key: pki.wrongHost.key.pem }, trusting())
    expect(describeTlsFailure(error, host)).toBe(
      "the server's certificate is not for 127.0.0.1:8443 (it is for DNS:deploy.example.com); " +
        'call a host name it names (ERR_TLS_CERT_ALTNAME_INVALID)'
    )
  })

  it('says the server asked for a client certificate and none was given (TLS 1.3)', async () => {
    const error = await failure(mutual(), trusting())
    expect(isTlsFailure(error)).toBe(true)
    const line = describeTlsFailure(error, host)
    expect(line).toMatch(/^127\.0\.0\.1:8443 asked for a client certificate and none was given; set client-certificate/)
    clean(line)
  })

  it('says the server may want a client certificate when TLS 1.2 fails with a handshake failure', async () => {
    const error = await failure(mutual({ maxVersion: 'TLSv1.2' }), trusting())
    expect(isTlsFailure(error)).toBe(true)
    const line = describeTlsFailure(error, host)
    expect(line).toMatch(/TLS alert 40, handshake failure\): it may require a client certificate/)
    clean(line)
  })

  it('says the server refused a client certificate it does not trust', async () => {
    const stranger = { ...trusting(), cert: pki.strangerClient.cert.pem, key: pki.strangerClient.key.pem }
    // A Node server checks the client's certificate after the handshake and hangs up (TLS 1.3),
    // or during it (TLS 1.2); other servers send alert 48, unknown CA.
    const afterHandshake = await failure(mutual(), stranger)
    expect(afterHandshake.code).toBe('ECONNRESET')
    expect(describeTlsFailure(afterHandshake, host, { clientCertificate: true })).toBe(
      '127.0.0.1:8443 closed the connection during the TLS handshake: it may not accept the client certificate (client-certificate)'
    )
    const during = await failure(mutual({ maxVersion: 'TLSv1.2' }), stranger)
    expect(isTlsFailure(during)).toBe(true)
    const alert = Object.assign(new Error('SSL alert number 48'), { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' })
    expect(describeTlsFailure(alert, host, { clientCertificate: true })).toBe(
      '127.0.0.1:8443 refused the client certificate (TLS alert 48, unknown CA); check client-certificate against the CAs the server trusts'
    )
  })

  it.each([
    [
      'CERT_HAS_EXPIRED',
      /certificate for 127\.0\.0\.1:8443 has expired \(on Jan {2}1 00:00:00 2020 GMT\); .*\(CERT_HAS_EXPIRED\)$/
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      /signed by an unknown issuer, issued by CN=Corp Proxy CA, O=Corp; add .* to ca-certificates/
    ],
    ['ERR_SSL_WRONG_VERSION_NUMBER', /did not answer in TLS; is it an http:\/\/ URL\?/]
  ])('describes %s', (code, expected) => {
    const cert = { issuer: { CN: 'Corp Proxy CA', O: 'Corp' }, valid_to: 'Jan  1 00:00:00 2020 GMT' }
    const error = Object.assign(new Error(code), { code, cert }) as NodeJS.ErrnoException
    expect(describeTlsFailure(error, host)).toMatch(expected)
  })

  it('strips OpenSSL’s codes and source paths from what it does not know', () => {
    const message =
      'C0D7F2E8A37F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../deps/openssl/openssl/ssl/statem/statem_clnt.c:1889:'
    expect(cleanOpenSslMessage(message)).toBe('certificate verify failed')
    const error = Object.assign(new Error(message), { code: 'ERR_SSL_SOMETHING_NEW' })
    expect(describeTlsFailure(error, host)).toBe(
      'TLS with 127.0.0.1:8443 failed: certificate verify failed (ERR_SSL_SOMETHING_NEW)'
    )
  })
})
