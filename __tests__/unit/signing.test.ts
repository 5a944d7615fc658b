import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SigningSecretError, parseSigningSecret, signatureHeaders } from '../../src/signing.js'

describe('github signatures', () => {
  it('match the example in GitHub’s docs on validating webhook deliveries', () => {
    const key = parseSigningSecret('github', "It's a Secret to Everybody")
    expect(signatureHeaders('github', key, Buffer.from('Hello, World!'), 'unused', 0)).toEqual({
      'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'
    })
  })

  it('take the secret as UTF-8 text, spaces and all', () => {
    expect(parseSigningSecret('github', ' clé ')).toEqual(Buffer.from(' clé ', 'utf8'))
  })

  it('refuse an empty secret', () => {
    expect(() => parseSigningSecret('github', '')).toThrow(SigningSecretError)
  })
})

describe('standard-webhooks signatures', () => {
  // The vector of the Standard Webhooks Go library's TestWebhookSign.
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
  }

  it('match the Standard Webhooks libraries’ test vector', () => {
    const key = parseSigningSecret('standard-webhooks', vector.secret)
    expect(signatureHeaders('standard-webhooks', key, Buffer.from(vector.body), vector.id, vector.timestamp)).toEqual({
      'webhook-id': vector.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': vector.signature
    })
  })

  it('read a secret without the whsec_ prefix as base64 too', () => {
    const prefixed = parseSigningSecret('standard-webhooks', vector.secret)
    expect(parseSigningSecret('standard-webhooks', vector.secret.slice('whsec_'.length))).toEqual(prefixed)
    expect(prefixed).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'))
    expect(prefixed).toHaveLength(24)
  })

  it('accept padded and unpadded base64', () => {
    expect(parseSigningSecret('standard-webhooks', 'whsec_c2VjcmV0')).toEqual(Buffer.from('secret'))
    expect(parseSigningSecret('standard-webhooks', 'c2VjcmV0IQ==')).toEqual(Buffer.from('secret!'))
    expect(parseSigningSecret('standard-webhooks', 'c2VjcmV0IQ')).toEqual(Buffer.from('secret!'))
  })

  it('sign the body’s bytes as sent, even when they are not UTF-8', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef')
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x7d])
    const expected = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from('msg_1.1700000000.'), body]))
      .digest('base64')
    const headers = signatureHeaders('standard-webhooks', key, body, 'msg_1', 1700000000)
    expect(headers['webhook-signature']).toBe(`v1,${expected}`)
    const reencoded = createHmac('sha256', key)
      .update(`msg_1.1700000000.${body.toString('utf8')}`)
      .digest('base64')
    expect(headers['webhook-signature']).not.toBe(`v1,${reencoded}`)
  })

  it('write the timestamp as whole seconds', () => {
    const key = Buffer.from('key!')
    expect(
      signatureHeaders('standard-webhooks', key, Buffer.alloc(0), 'msg_2', 1700000000.9)['webhook-timestamp']
    ).toBe('1700000000')
  })

  it.each([
    ['whsec_not base64!', 'characters outside base64'],
    ['whsec_abcde', 'a length base64 cannot have'],
    ['whsec_YWJj=YWJj', 'padding in the middle'],
    ['whsec_', 'nothing after the prefix'],
    ['', 'nothing']
  ])('refuse %j (%s) without quoting it', (secret, _why) => {
    let error: unknown
    try {
      parseSigningSecret('standard-webhooks', secret)
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(SigningSecretError)
    const body = secret.replace('whsec_', '')
    if (body) expect((error as Error).message).not.toContain(body)
  })
})
