import { describe, expect, it } from 'vitest'
import { MappingError, parseMapping, type Mapping } from '../../src/mapping.js'

/** The one value parseMapping finds for a one-entry mapping. */
const valueOf = (text: string): Mapping[number][1] => {
  const entries = parseMapping(text)
  expect(entries).toHaveLength(1)
  return entries[0][1]
}

describe('parseMapping: nothing given', () => {
  it.each(['', '   ', '\n\n', '# only a comment\n'])('reads %j as no entries', text => {
    expect(parseMapping(text)).toEqual([])
  })
})

describe('parseMapping: any YAML mapping', () => {
  it('reads one `Name: value` per line, in order', () => {
    expect(parseMapping('Accept: application/json\nX-Version: 2\r\nAuthorization: Bearer abc')).toEqual([
      ['Accept', 'application/json'],
      ['X-Version', '2'],
      ['Authorization', 'Bearer abc']
    ])
  })

  it.each([
    ['2.0', '2.0'],
    ['0123', '0123'],
    ['true', 'true'],
    ['FALSE', 'FALSE'],
    ['1e3', '1e3'],
    ['0x1F', '0x1F'],
    ['~', '~'],
    ['null', 'null'],
    ['application/json; charset=utf-8', 'application/json; charset=utf-8'],
    ['Bearer abc#def', 'Bearer abc#def'],
    ["it's", "it's"]
  ])('keeps the plain scalar %j as written', (written, value) => {
    expect(valueOf(`X-Value: ${written}`)).toBe(value)
  })

  it.each([
    ['"a\\tb \\"q\\" \\u00e9"', 'a\tb "q" é'],
    ['"2.0"', '2.0'],
    ['"x # y"', 'x # y'],
    ['""', ''],
    ["'it''s'", "it's"],
    ["'a\\tb'", 'a\\tb'],
    ['"@team"', '@team'],
    ['"a: b"', 'a: b']
  ])('reads the quoted value %s', (written, value) => {
    expect(valueOf(`X-Value: ${written}`)).toBe(value)
  })

  it('reads quoted names, comments and an empty value', () => {
    const text = ['# a comment', '"X-Quoted": a # trailing', "'X-Single': b", 'X-Empty:', 'C: d#kept'].join('\n')
    expect(parseMapping(text)).toEqual([
      ['X-Quoted', 'a'],
      ['X-Single', 'b'],
      ['X-Empty', ''],
      ['C', 'd#kept']
    ])
  })

  it('reads block and flow lists of scalars', () => {
    expect(parseMapping('X-List:\n  - a\n  - "b, c"\n  - 2.0\nX-Flow: [x, 0123]\nX-None: []')).toEqual([
      ['X-List', ['a', 'b, c', '2.0']],
      ['X-Flow', ['x', '0123']],
      ['X-None', []]
    ])
  })

  it('reads flow mappings and JSON objects, scalars as written', () => {
    expect(parseMapping('{X-A: 1, X-B: two}')).toEqual([
      ['X-A', '1'],
      ['X-B', 'two']
    ])
    expect(parseMapping('{"A": 2.0, "B": [1, "x", null], "C": true}')).toEqual([
      ['A', '2.0'],
      ['B', ['1', 'x', 'null']],
      ['C', 'true']
    ])
  })

  it('reads block scalars as multi-line text', () => {
    expect(valueOf('X: |\n  one\n  two\n')).toBe('one\ntwo\n')
  })

  it('keeps names such as __proto__ as data', () => {
    expect(parseMapping('__proto__: a\nconstructor: b')).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b']
    ])
  })

  it.each([
    ['X: {a: 1}', /the value of X is a nested mapping/],
    ['X: [a, {b: 1}]', /an item of X is a nested mapping/],
    ['X: [a, [b]]', /an item of X is a list/],
    ['X: "open', /Missing closing "quote at line 1, column \d+/],
    ['X: b: c', /at line 1, column \d+ \(quote a value that holds ': '\)/],
    ['X: @team', /\(quote a value that starts with @ or `\)/],
    ['X: `whoami`', /\(quote a value that starts with @ or `\)/],
    ['A: 1\nA: 2', /line 2.*\(give a name once\)/],
    ['just text', /expected a mapping/],
    ['- a\n- b', /expected a mapping/]
  ])('rejects %j saying where it broke', (text, message) => {
    expect(() => parseMapping(text)).toThrow(MappingError)
    expect(() => parseMapping(text)).toThrow(message)
  })

  it.each([
    'Authorization: Bearer s3cr3t: x',
    'X-Api-Key: >s3cr3t-t0ken-value',
    'X-Api-Key: |s3cr3t-t0ken-value',
    'X-Api-Key: !s3cr3t-t0ken-value v',
    'X-Api-Key: *s3cr3t-t0ken-value',
    'X-Api-Key: "s3cr3t\\qt0ken"',
    'X-Api-Key: [s3cr3t, t0ken] x',
    '%S3CR3T directive\n---\nA: b'
  ])('never quotes the text in an error (a value may be a secret): %j', text => {
    expect(() => parseMapping(text)).toThrow(MappingError)
    expect(() => parseMapping(text)).toThrow(/^(?![\s\S]*(s3cr3t|S3CR3T|t0ken))/)
  })
})
