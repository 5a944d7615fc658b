import { describe, it, expect } from 'vitest'
import { MappingError, parseJsonObject, parseMapping, type Mapping } from '../../src/mapping.js'

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

describe('parseMapping: YAML block mapping', () => {
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
    ['-0', '-0'],
    ['0x1F', '0x1F'],
    ['application/json; charset=utf-8', 'application/json; charset=utf-8'],
    ['a: b', 'a: b'],
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
    ["'#x'", '#x']
  ])('reads the quoted value %s', (written, value) => {
    expect(valueOf(`X-Value: ${written}`)).toBe(value)
  })

  it('reads quoted names and tolerates space before the colon', () => {
    expect(parseMapping('"X-Quoted": a\nX-Spaced : b')).toEqual([
      ['X-Quoted', 'a'],
      ['X-Spaced', 'b']
    ])
  })

  it('skips comment lines and trailing ` #` comments, but not `#` inside a value', () => {
    const text = ['# a comment', 'A: b # trailing', '  # indented comment', 'C: d#kept', 'E: "x # y" # comment'].join(
      '\n'
    )
    expect(parseMapping(text)).toEqual([
      ['A', 'b'],
      ['C', 'd#kept'],
      ['E', 'x # y']
    ])
  })

  it.each(['X-Empty:', 'X-Empty:   ', 'X-Empty: null', 'X-Empty: ~', 'X-Empty: # comment'])(
    'reads %j as an empty value',
    text => {
      expect(valueOf(text)).toBe('')
    }
  )

  it('reads an empty `Name:` followed by another entry as an empty value', () => {
    expect(parseMapping('A:\nB: c')).toEqual([
      ['A', ''],
      ['B', 'c']
    ])
  })

  it('reads a block list under `Name:`', () => {
    expect(parseMapping('X-List:\n  - a\n  - "b, c"\n  - 2.0\nX-Next: d')).toEqual([
      ['X-List', ['a', 'b, c', '2.0']],
      ['X-Next', 'd']
    ])
  })

  it.each([
    ['[a, b]', ['a', 'b']],
    ['[ a ,b ]', ['a', 'b']],
    ['["a, b", \'c\', 0123]', ['a, b', 'c', '0123']],
    ['[]', []]
  ])('reads the flow list %s', (written, items) => {
    expect(valueOf(`X-List: ${written}`)).toEqual(items)
  })

  it.each([
    ['X: {a: 1}', /nested/],
    ['X: [a, {b: 1}]', /nested/],
    ['X: "open', /unclosed double quote/],
    ["X: 'open", /unclosed single quote/],
    ['X: [a, b', /unclosed `\[`/],
    ['X: "bad \\q escape"', /escape/],
    ['X: |\n  text', /multi-line/],
    ['X: >-', /multi-line/],
    ['just text', /line 1: expected `Name: value`/],
    ['A: b\nno colon here', /line 2/],
    ['Name:value', /expected `Name: value`/],
    ['  X: indented', /indentation/],
    ['- orphan item', /list item/],
    ['A: b\n  - not under an empty Name', /line 2: a list item/],
    ['[1, 2]', /expected `Name: value`/]
  ])('rejects %j with a MappingError', (text, message) => {
    expect(() => parseMapping(text)).toThrow(MappingError)
    expect(() => parseMapping(text)).toThrow(message)
  })
})

describe('parseMapping / parseJsonObject: JSON object', () => {
  it('reads a JSON object when the text starts with `{`', () => {
    expect(parseMapping('  {"Accept": "application/json", "X-Version": 2}\n')).toEqual([
      ['Accept', 'application/json'],
      ['X-Version', '2']
    ])
  })

  it.each([
    ['2.0', '2.0'],
    ['0.10', '0.10'],
    ['-1e5', '-1e5'],
    ['1E+2', '1E+2'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', ''],
    ['"a\\nb \\u00e9"', 'a\nb é']
  ])('keeps the JSON value %s as %j', (written, value) => {
    expect(parseJsonObject(`{"X": ${written}}`)).toEqual([['X', value]])
  })

  it('reads lists of scalars, with null as an empty item', () => {
    expect(parseJsonObject('{"L": [1, "a", 2.0, true, null], "E": []}')).toEqual([
      ['L', ['1', 'a', '2.0', 'true', '']],
      ['E', []]
    ])
  })

  it('reads an empty object as no entries', () => {
    expect(parseJsonObject('{}')).toEqual([])
    expect(parseJsonObject('{ \n }')).toEqual([])
  })

  it.each([
    ['{"A": {"b": 1}}', /"A" holds a nested object/],
    ['{"A": [[1]]}', /"A" holds a nested list/],
    ['{"A": [{"b": 1}]}', /"A" holds a nested object/],
    ['{"A": 1} x', /unexpected text after the object/],
    ['{"A": 1}{"B": 2}', /unexpected text after the object/],
    ['{"A": 1,}', /expected a quoted name/],
    ['{A: 1}', /expected a quoted name/],
    ["{'A': 1}", /expected a quoted name/],
    ['{"A": 0123}', /not a JSON object/],
    ['{"A": NaN}', /expected a value/],
    ['{"A" 1}', /expected `:`/],
    ['{"A": 1', /not a JSON object/],
    ['{"A": [1, 2}', /not a JSON object/]
  ])('rejects %j with a MappingError', (text, message) => {
    expect(() => parseMapping(text)).toThrow(MappingError)
    expect(() => parseMapping(text)).toThrow(message)
  })
})
