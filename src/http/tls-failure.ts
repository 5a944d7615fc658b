// One clear line for a TLS handshake that failed: whose certificate was refused, and which input
// would fix it. Node's own messages are OpenSSL's (`error:0A000410:SSL routines:...:../deps/
// openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40`) or bare codes.

import type { PeerCertificate } from 'node:tls'

export interface TlsFailureContext {
  /** Whether the exchange presented a client certificate. */
  clientCertificate?: boolean
}

type TlsError = NodeJS.ErrnoException & { cert?: PeerCertificate }

/** Why the server's certificate is not trusted, by Node's verification code. */
const UNTRUSTED: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it is signed by an unknown issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'it is signed by an unknown issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it is signed by an unknown issuer (or the server does not send its intermediates)'
}

/** A certificate that no added CA would make acceptable. */
const INVALID: Record<string, string> = {
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_REVOKED: 'has been revoked',
  INVALID_PURPOSE: 'is not meant for a TLS server',
  CERT_SIGNATURE_FAILURE: 'has a signature that does not verify'
}

/** TLS alerts a server sends about the client's certificate (RFC 8446 section 6.2). */
const CLIENT_CERTIFICATE_ALERTS: Record<number, string> = {
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  48: 'unknown CA',
  49: 'access denied',
  116: 'certificate required'
}

const ALERT_CODES: Record<string, number> = {
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 40,
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 42,
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 43,
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 44,
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 45,
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 46,
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 48,
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 49,
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 116
}

/** The handshake broke off before it completed (Node's wording, 20 and 24). */
const HANDSHAKE_CLOSED = /before secure TLS connection was established/

/** Whether an exchange's error is a TLS failure that describeTlsFailure can explain. */
export function isTlsFailure(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? ''
  return (
    code in UNTRUSTED ||
    code in INVALID ||
    /^ERR_(SSL|TLS)_|CERT/.test(code) ||
    (code === 'EPROTO' && /SSL|TLS|alert/i.test(error.message)) ||
    (code === 'ECONNRESET' && HANDSHAKE_CLOSED.test(error.message))
  )
}

export function describeTlsFailure(error: TlsError, host: string, context: TlsFailureContext = {}): string {
  const code = error.code ?? ''
  const theirs = `the server's certificate for ${host}`
  if (code in UNTRUSTED) {
    const issuer = error.cert?.issuer ? `, issued by ${distinguishedName(error.cert.issuer)}` : ''
    return `${theirs} is not trusted: ${UNTRUSTED[code]}${issuer}; add the CA that signs it to ca-certificates (${code})`
  }
  if (code in INVALID) {
    const until = code === 'CERT_HAS_EXPIRED' && error.cert?.valid_to ? ` (on ${error.cert.valid_to})` : ''
    return `${theirs} ${INVALID[code]}${until}; the server must present a valid one (${code})`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = error.cert?.subjectaltname ? ` (it is for ${error.cert.subjectaltname})` : ''
    return `the server's certificate is not for ${host}${names}; call a host name it names (${code})`
  }
  const alert = ALERT_CODES[code] ?? alertNumber(error.message)
  if (alert === 116 && !context.clientCertificate) {
    return `${host} asked for a client certificate and none was given; set client-certificate and client-key (${code || `alert ${alert}`})`
  }
  if (alert !== undefined && alert in CLIENT_CERTIFICATE_ALERTS) {
    const reason = `TLS alert ${alert}, ${CLIENT_CERTIFICATE_ALERTS[alert]}`
    return context.clientCertificate
      ? `${host} refused the client certificate (${reason}); check client-certificate against the CAs the server trusts`
      : `${host} requires a client certificate (${reason}); set client-certificate and client-key`
  }
  if (alert === 40) {
    const cause = context.clientCertificate
      ? 'it may not accept the client certificate (client-certificate)'
      : 'it may require a client certificate (set client-certificate and client-key)'
    return `the TLS handshake with ${host} failed (TLS alert 40, handshake failure): ${cause}, or it shares no TLS version or cipher with Node`
  }
  if (code === 'ECONNRESET') {
    const cause = context.clientCertificate ? ': it may not accept the client certificate (client-certificate)' : ''
    return `${host} closed the connection during the TLS handshake${cause}`
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return `${host} did not answer in TLS; is it an http:// URL? (${code})`
  }
  const detail = cleanOpenSslMessage(error.message)
  return `TLS with ${host} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`
}

function alertNumber(message: string): number | undefined {
  const match = /alert number (\d+)/i.exec(message)
  return match ? Number(match[1]) : undefined
}

function distinguishedName(name: PeerCertificate['issuer']): string {
  const parts = (['CN', 'O', 'OU'] as const).filter(field => name[field]).map(field => `${field}=${name[field]}`)
  return parts.join(', ') || 'an unnamed issuer'
}

/**
 * An OpenSSL message without the parts that mean nothing to a user: the thread id and packed
 * error code (`809C6F9E2C7F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:`)
 * and the source location (`../deps/openssl/openssl/ssl/statem/statem_clnt.c:1889:`).
 */
export function cleanOpenSslMessage(message: string): string {
  return message
    .replace(/(?:[0-9A-F]{8,}:)?error:[0-9A-F]{8}:[^:\n]*:[^:\n]*:/g, '')
    .replace(/:?[^\s:]*\.(?:c|cc|cpp|h):\d+:?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
