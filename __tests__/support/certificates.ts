// Throwaway certificates for TLS tests, made with the openssl command line: a PKI (a CA, a server
// certificate for 127.0.0.1, a client certificate with its key also encrypted, keys that belong to
// nothing), or one self-signed server certificate for the names given. EC P-256 keys keep each
// to a fraction of a second.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Pem {
  path: string
  pem: string
}

export interface TestPki {
  dir: string
  /** The CA that signed the server's and the client's certificates. */
  ca: Pem
  /** Another CA, trusted by no one: a server certificate signed by it is untrusted. */
  otherCa: Pem
  server: { cert: Pem; key: Pem }
  /** A self-signed certificate for 127.0.0.1. */
  selfSigned: { cert: Pem; key: Pem }
  /** A server certificate for another host name, signed by the CA. */
  wrongHost: { cert: Pem; key: Pem }
  client: { cert: Pem; key: Pem; encryptedKey: Pem; passphrase: string }
  /** A client certificate signed by otherCa. */
  strangerClient: { cert: Pem; key: Pem }
  /** A key that matches no certificate here. */
  unrelatedKey: Pem
  remove(): void
}

/** openssl commands gathered in a fresh folder and run together by `make`. */
function workshop() {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-pki-'))
  const file = (name: string): string => join(dir, name)
  // The openssl commands run together in one shell at the end: a test worker is a large process,
  // and each process it starts costs it a copy of its page tables (about 4 s of CPU for the
  // two dozen commands of two PKIs, started one by one).
  const commands: string[] = []
  const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`
  const openssl = (...args: string[]): void => {
    commands.push(['openssl', ...args].map(quote).join(' '))
  }
  const newKey = (name: string): void =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name)
  return {
    dir,
    openssl,
    newKey,
    read: (name: string): Pem => ({ path: file(name), pem: readFileSync(file(name), 'utf8') }),
    selfSign(name: string, subject: string, extensions: string): void {
      newKey(`${name}.key`)
      writeFileSync(file(`${name}.ext`), extensions)
      openssl(
        ...['req', '-x509', '-new', '-key', `${name}.key`, '-subj', subject, '-days', '2', '-sha256'],
        ...['-extensions', 'v3', '-config', `${name}.ext`, '-out', `${name}.crt`]
      )
    },
    issue(name: string, subject: string, by: string, extensions: string): void {
      newKey(`${name}.key`)
      writeFileSync(file(`${name}.ext`), extensions)
      openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`)
      openssl(
        ...['x509', '-req', '-in', `${name}.csr`, '-CA', `${by}.crt`, '-CAkey', `${by}.key`, '-CAcreateserial'],
        ...['-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`]
      )
    },
    make(): void {
      execFileSync('sh', ['-e', '-c', commands.join('\n')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

const serverExtensions = (san: string): string =>
  [`subjectAltName = ${san}`, 'extendedKeyUsage = serverAuth', 'basicConstraints = CA:FALSE', ''].join('\n')
const selfSignedServerExtensions = (san: string): string =>
  ['[req]', 'distinguished_name = dn', '[dn]', '[v3]', serverExtensions(san)].join('\n')

/**
 * A self-signed server certificate for the subject alternative names given (`IP:127.0.0.1`,
 * `DNS:webhook.test`...), its key, and the folder they are in.
 */
export function selfSignedServer(altNames: string): { cert: Pem; key: Pem; remove(): void } {
  const shop = workshop()
  shop.selfSign('server', '/CN=webhook test server', selfSignedServerExtensions(altNames))
  shop.make()
  return { cert: shop.read('server.crt'), key: shop.read('server.key'), remove: shop.remove }
}

export function makePki(): TestPki {
  const { dir, openssl, newKey, read, selfSign, issue, make, remove } = workshop()

  const caExtensions = [
    '[req]',
    'distinguished_name = dn',
    '[dn]',
    '[v3]',
    'basicConstraints = critical,CA:TRUE',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    ''
  ].join('\n')
  const clientExtensions = ['extendedKeyUsage = clientAuth', 'basicConstraints = CA:FALSE', ''].join('\n')

  selfSign('ca', '/CN=Webhook Test CA', caExtensions)
  selfSign('other-ca', '/CN=Stranger CA', caExtensions)
  selfSign('self-signed', '/CN=127.0.0.1', selfSignedServerExtensions('IP:127.0.0.1'))
  issue('server', '/CN=127.0.0.1', 'ca', serverExtensions('IP:127.0.0.1'))
  issue('wrong-host', '/CN=deploy.example.com', 'ca', serverExtensions('DNS:deploy.example.com'))
  issue('client', '/CN=webhook-stage-action', 'ca', clientExtensions)
  issue('stranger', '/CN=stranger', 'other-ca', clientExtensions)
  newKey('unrelated.key')

  const passphrase = 'correct horse battery staple'
  openssl(
    ...['pkcs8', '-topk8', '-in', 'client.key', '-out', 'client-encrypted.key'],
    ...['-v2', 'aes-256-cbc', '-passout', `pass:${passphrase}`]
  )
  make()

  return {
    dir,
    ca: read('ca.crt'),
    otherCa: read('other-ca.crt'),
    server: { cert: read('server.crt'), key: read('server.key') },
    selfSigned: { cert: read('self-signed.crt'), key: read('self-signed.key') },
    wrongHost: { cert: read('wrong-host.crt'), key: read('wrong-host.key') },
    client: {
      cert: read('client.crt'),
      key: read('client.key'),
      encryptedKey: read('client-encrypted.key'),
      passphrase
    },
    strangerClient: { cert: read('stranger.crt'), key: read('stranger.key') },
    unrelatedKey: read('unrelated.key'),
    remove
  }
}
