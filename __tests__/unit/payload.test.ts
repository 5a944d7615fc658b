import { beforeAll, describe, expect, it } from 'vitest'
import { encodeBody } from '../../src/body.js'
import { loadMappingReader } from '../../src/mapping.js'
import { Secrets } from '../../src/redact.js'
import { MAX_SUMMARY_BODY, payloadBlock } from '../../src/report/payload.js'

const FORM = 'application/x-www-form-urlencoded'

/** The block as Markdown, for a payload as the inputs give it and the Content-Type header set. */
function block(payload: string | Buffer, contentType?: string, secrets = new Secrets()): string {
  return payloadBlock(encodeBody(Buffer.from(payload), contentType), secrets).join('\n')
}

describe('the Payload block', () => {
  beforeAll(loadMappingReader)

  it('shows a JSON body indented, folded, with its size', () => {
    const markdown = block('{"name":"deploy shop","replicas":3}')
    expect(markdown).toContain('<details><summary>Payload (35 B JSON)</summary>')
    expect(markdown).toContain('```json\n{\n  "name": "deploy shop",\n  "replicas": 3\n}\n```')
    expect(markdown).not.toContain('<details open')
  })

  it('masks secrets inside the JSON', () => {
    const secrets = new Secrets()
    secrets.add('tok-4242-secret')
    const markdown = block('{"token":"tok-4242-secret","note":"uses tok-4242-secret"}', undefined, secrets)
    expect(markdown).not.toContain('tok-4242-secret')
    expect(markdown).toContain('"token": "***"')
  })

  it('shows a form body as sent, after form encoding', () => {
    expect(block('{"name":"deploy shop","tag":["a","b"]}', FORM)).toContain(
      '```text\nname=deploy+shop&tag=a&tag=b\n```'
    )
  })

  it('masks a secret in a form body however the encoding spells it', () => {
    const secrets = new Secrets()
    secrets.add('s3cret pass+word')
    const markdown = block('{"user":"ci","password":"s3cret pass+word"}', FORM, secrets)
    expect(markdown).toContain('user=ci&password=***')
    expect(markdown).not.toMatch(/s3cret|pass%2Bword/)
  })

  it('shows text as text', () => {
    expect(block('deploy shop 1.4.2')).toContain(
      '<details><summary>Payload (17 B text)</summary>\n\n```text\ndeploy shop 1.4.2\n```'
    )
  })

  it('does not show bytes that are not text', () => {
    const markdown = block(Buffer.from([0xff, 0xfe, 0x00, 0x01]))
    expect(markdown).toContain('Payload (4 B binary)')
    expect(markdown).toContain('(not shown)')
  })

  it('cuts a large body, and says so', () => {
    const markdown = block(JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => `item-${i}`) }))
    expect(markdown).toMatch(/<summary>Payload \([\d.]+ KB JSON, first 64 KB shown\)<\/summary>/)
    expect(Buffer.byteLength(markdown)).toBeLessThan(MAX_SUMMARY_BODY + 200)
  })

  it('is not there when no body was sent', () => {
    expect(payloadBlock(undefined, new Secrets())).toEqual([])
    expect(block('')).toBe('')
  })

  it('cannot be closed early by backticks in the body', () => {
    const markdown = block('text with ``` and ```` in it')
    expect(markdown).toContain('`````text\ntext with ``` and ```` in it\n`````')
  })
})
