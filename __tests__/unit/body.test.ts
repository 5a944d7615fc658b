import { describe, it, expect } from 'vitest'
import { EMPTY_PAYLOAD, encodeBody, readPayload } from '../../src/body.js'
import { MappingError } from '../../src/mapping.js'

const FORM = 'application/x-www-form-urlencoded'
const TEXT = 'text/plain; charset=utf-8'

describe('encodeBody without a Content-Type header', () => {
  it.each(['{"a": 1}', '[1, 2]', '"a bare JSON string"', '42', '-1.5', 'true', 'null', '  {"padded": true}\n'])(
    'sends the JSON text %j as application/json',
    payload => {
      expect(encodeBody(Buffer.from(payload), undefined)).toEqual({
        bytes: Buffer.from(payload),
        contentType: 'application/json'
      })
    }
  )

  it.each(['hello', '{not json', 'a=1&b=2', 'NaN', '.5', '1 2', 'café ☕'])(
    'sends the other text %j as text/plain; charset=utf-8',
    payload => {
      expect(encodeBody(Buffer.from(payload), undefined)).toEqual({ bytes: Buffer.from(payload), contentType: TEXT })
    }
  )

  it('sends bytes that are not UTF-8 as application/octet-stream, unchanged', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x81])
    const body = encodeBody(bytes, undefined)
    expect(body.contentType).toBe('application/octet-stream')
    expect(body.bytes.equals(bytes)).toBe(true)
  })
})

describe('encodeBody with a Content-Type header', () => {
  it.each([
    ['{"a": 1}', 'text/plain'],
    ['hello', 'application/json'],
    ['<a/>', 'application/xml; charset=utf-8'],
    ['a=1&b=2', FORM],
    ['[1, 2]', FORM],
    ['"text"', FORM],
    ['{"a": 0123}', FORM]
  ])('keeps %j as it is, with the given type %j', (payload, contentType) => {
    expect(encodeBody(Buffer.from(payload), contentType)).toEqual({ bytes: Buffer.from(payload), contentType })
  })

  it.each([
    ['{"a": "b"}', 'a=b'],
    ['{"n": 2.0, "z": 0.10, "e": 1e3}', 'n=2.0&z=0.10&e=1e3'],
    ['{"flag": true, "none": null}', 'flag=true&none=null'],
    ['{"tag": [1, "x y", false]}', 'tag=1&tag=x+y&tag=false'],
    ['{"q": "é&=+?"}', 'q=%C3%A9%26%3D%2B%3F'],
    ['{}', '']
  ])('form-encodes the JSON object %j', (payload, form) => {
    expect(encodeBody(Buffer.from(payload), FORM)).toEqual({ bytes: Buffer.from(form), contentType: FORM })
  })

  it('recognises the form type in any case and with parameters, and keeps the header as given', () => {
    const contentType = 'Application/X-WWW-Form-Urlencoded; charset=utf-8'
    expect(encodeBody(Buffer.from('  {"a": 1}  '), contentType)).toEqual({ bytes: Buffer.from('a=1'), contentType })
  })

  it.each([
    ['{"a": {"b": 1}}', /the value of a is a nested mapping/],
    ['{"a": [[1]]}', /an item of a is a list/],
    ['{"a": [{"b": 1}]}', /an item of a is a nested mapping/]
  ])('refuses to form-encode the nested object %j', (payload, message) => {
    expect(() => encodeBody(Buffer.from(payload), FORM)).toThrow(MappingError)
    expect(() => encodeBody(Buffer.from(payload), FORM)).toThrow(message)
  })
})

describe('readPayload', () => {
  it.each<[string, unknown]>([
    ['{"a": 1}', { a: 1 }],
    ['[1, "x"]', [1, 'x']],
    ['"a string"', 'a string'],
    ['42', 42],
    ['0', 0],
    ['true', true],
    ['false', false],
    ['null', null],
    ['  {"padded": 1}\n', { padded: 1 }]
  ])('parses the JSON body %j, whatever it looks like', (text, json) => {
    expect(readPayload(Buffer.from(text))).toEqual({ text, json, isJson: true, bytes: Buffer.byteLength(text) })
  })

  it.each(['hello', '{not json', 'OK\n', '<html></html>', 'RUNNING', 'é'])('keeps the text body %j as text', text => {
    expect(readPayload(Buffer.from(text))).toEqual({
      text,
      json: undefined,
      isJson: false,
      bytes: Buffer.byteLength(text)
    })
  })

  it('reads an empty body as the empty payload', () => {
    expect(readPayload(Buffer.alloc(0))).toEqual(EMPTY_PAYLOAD)
    expect(EMPTY_PAYLOAD).toEqual({ text: '', json: undefined, isJson: false, bytes: 0 })
  })

  it('counts bytes, not characters', () => {
    expect(readPayload(Buffer.from('"é"')).bytes).toBe(4)
  })
})

describe('a payload starting with a byte-order mark', () => {
  it('is sent without it, and JSON after it is still JSON', () => {
    const body = encodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": 1}')]), undefined)
    expect(body.contentType).toBe('application/json')
    expect(body.bytes.toString()).toBe('{"a": 1}')
  })
})
