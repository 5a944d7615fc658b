import { describe, it, expect, afterEach } from 'vitest'
import { findAll, showValue } from '../../src/jsonpath/search.js'
import { compileJsonPath, JsonPathSyntaxError } from '../../src/jsonpath/syntax.js'

const doc = {
  status: 'RUNNING',
  id: 'top',
  items: [
    { id: 1, name: 'a', tags: ['x'] },
    { id: 2, name: 'b', tags: ['y', 'z'] },
    { id: 3, name: 'c' }
  ],
  'a b': 'spaced',
  nested: { id: 9, deep: { ok: true } }
}

const find = (path: string, document: unknown = doc): unknown[] => findAll(compileJsonPath(path), document)

describe('compileJsonPath', () => {
  it('keeps the source as written (trimmed) and evaluates a path with $ as is', () => {
    expect(compileJsonPath('  $.status ')).toEqual({ source: '$.status', expression: '$.status' })
  })

  it.each([
    ['status', '$.status'],
    ['nested.id', '$.nested.id'],
    ['items[0].name', '$.items[0].name']
  ])('Jayway rule: %s (no leading $) starts at the root, as %s', (source, expression) => {
    expect(compileJsonPath(source)).toEqual({ source, expression })
  })

  it.each([
    ['$.[', 'jsonpath-plus would read it as `$..`'],
    ['$.', 'a dot with no name'],
    ['$[', 'an unclosed bracket'],
    ['$.items[0', 'an unclosed index'],
    ["$['a b", 'an unclosed single quote'],
    ['$["a b', 'an unclosed double quote'],
    ["$['a b'", 'a quoted name without `]`'],
    ['$[]', 'empty brackets'],
    ['$[ ]', 'blank brackets'],
    ['$..', 'a descent with no name'],
    ['$.items.', 'a trailing dot'],
    ['$a', 'a name glued to $'],
    ['$.a b', 'a space inside a dotted name'],
    ['$.items)', 'a stray parenthesis'],
    ['$[abc]', 'an unquoted name in brackets'],
    ['$.items[0 1]', 'two indexes without a comma'],
    ['$.items[?(@.name ==)]', 'a filter that does not parse'],
    ['$.items[?(@.id >)]', 'a comparison with no right side'],
    ['$.items[?(]', 'an unclosed filter'],
    ['$.items[?()]', 'an empty filter'],
    ['$.items[?@.id]', 'a filter without parentheses'],
    ['', 'an empty path'],
    ['   ', 'a blank path']
  ])('rejects %j (%s)', path => {
    expect(() => compileJsonPath(path)).toThrow(JsonPathSyntaxError)
  })

  it('points at the character in what the user wrote', () => {
    expect(() => compileJsonPath('$.[')).toThrow(/character 3/)
    expect(() => compileJsonPath('$[]')).toThrow(/empty/)
    expect(() => compileJsonPath("$['x")).toThrow(/unclosed quote/)
  })

  it.each([
    '$',
    '$.status',
    '$..id',
    '$.*',
    '$[*]',
    "$['a b']",
    '$["a b"]',
    '$.items[0]',
    '$.items[0:2]',
    '$.items[:1]',
    '$.items[1:]',
    '$.items[::2]',
    '$.items[0,2]',
    "$.items[?(@.name == 'b')]",
    '$.items[?(@.id > 1 && @.name)]',
    '$..tags[0]',
    "$..['a b']"
  ])('accepts %s', path => {
    expect(() => compileJsonPath(path)).not.toThrow()
  })
})

describe('findAll', () => {
  it.each<[string, unknown[]]>([
    ['$.status', ['RUNNING']],
    ['status', ['RUNNING']],
    ['nested.deep.ok', [true]],
    ['$..id', ['top', 1, 2, 3, 9]],
    ["$.items[?(@.name == 'b')]", [doc.items[1]]],
    ['$.items[?(@.name == "b")].id', [2]],
    ['$.items[?(@.id > 1)].name', ['b', 'c']],
    ["$['a b']", ['spaced']],
    ['$["a b"]', ['spaced']],
    ['$.items[0].name', ['a']],
    ['$.items[2].id', [3]],
    ['$.items[0:2].id', [1, 2]],
    ['$.items[1:].id', [2, 3]],
    ['$.items[0,2].id', [1, 3]],
    ['$.items[*].name', ['a', 'b', 'c']],
    ['$.nested.*', [9, { ok: true }]],
    ['$..tags[0]', ['x', 'y']]
  ])('%s', (path, expected) => {
    expect(find(path)).toEqual(expected)
  })

  it('$ finds the whole document', () => {
    expect(find('$')).toEqual([doc])
  })

  it.each([
    ['$.missing'],
    ['missing.deeper'],
    ['$.items[7]'],
    ["$.items[?(@.name == 'zz')]"],
    // a filter that fails on some element (no such property) selects nothing there
    ['$.items[?(@.nope.deeper == 1)]']
  ])('finds nothing with %s → []', path => {
    expect(find(path)).toEqual([])
  })

  describe('on a text body (not JSON)', () => {
    it('$ gives the text itself', () => {
      expect(find('$', 'plain text body')).toEqual(['plain text body'])
    })

    it('a property path finds nothing', () => {
      expect(find('$.status', 'plain text body')).toEqual([])
    })
  })

  describe('on falsy documents', () => {
    it.each<[unknown]>([[0], [false], [null]])('$ on %j finds the value', value => {
      expect(find('$', value)).toEqual([value])
    })

    it.each<[unknown]>([[0], [false], [null]])('a property path on %j finds nothing', value => {
      expect(find('$.status', value)).toEqual([])
    })

    it.each<[unknown]>([[undefined], ['']])('%j (no body) has nothing to find', value => {
      expect(findAll(compileJsonPath('$'), value)).toEqual([])
    })

    it('a list holding falsy values', () => {
      expect(find('$[*]', [0, false, ''])).toEqual([0, false, ''])
    })
  })

  it('reuses one compiled path across documents', () => {
    const path = compileJsonPath('$.state')
    expect(findAll(path, { state: 'a' })).toEqual(['a'])
    expect(findAll(path, { state: 'b' })).toEqual(['b'])
    expect(findAll(path, { other: 1 })).toEqual([])
  })

  describe('script evaluation stays safe', () => {
    const g = globalThis as Record<string, unknown>
    afterEach(() => {
      for (const key of Object.keys(g).filter(k => k.startsWith('__jsonpathPwned'))) delete g[key]
    })

    it.each([
      "$.items[?(@.constructor.constructor('globalThis.__jsonpathPwned1 = 1')())]",
      "$[?(@.constructor.constructor('globalThis.__jsonpathPwned2 = 1')())]",
      "$..[?(@.constructor.constructor('globalThis.__jsonpathPwned3 = 1')())]",
      "$.items[?(@.constructor.constructor('return process')())]",
      "$.items[?(''.constructor.constructor('globalThis.__jsonpathPwned4 = 1')())]",
      "$.items[?(''['constructor']['constructor']('globalThis.__jsonpathPwned5 = 1')())]",
      "$.items[?(@.__proto__.constructor.constructor('globalThis.__jsonpathPwned6 = 1')())]",
      "$.items[?(this.constructor.constructor('globalThis.__jsonpathPwned7 = 1')())]",
      "$..[?(p=\"globalThis.__jsonpathPwned8 = 1\";a=''[['constructor']][['prototype']][['sub']][['call']];d=a[['call']][['bind']](a);d(p))]"
    ])('%s never runs code', path => {
      let found: unknown[] = []
      try {
        found = find(path)
      } catch (error) {
        // rejected: fine, as long as nothing ran
        expect(error).toBeInstanceOf(Error)
      }
      expect(found).toEqual([])
      expect(Object.keys(g).filter(k => k.startsWith('__jsonpathPwned'))).toEqual([])
    })
  })
})

describe('showValue', () => {
  it.each<[unknown, string]>([
    ['text', 'text'],
    ['', ''],
    [42, '42'],
    [1.5, '1.5'],
    [true, 'true'],
    [false, 'false'],
    [null, 'null'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 'x'], '[1,"x"]']
  ])('%j → %s', (value, shown) => {
    expect(showValue(value)).toBe(shown)
  })
})

describe('Jayway forms that jsonpath-plus reads differently', () => {
  const body = { status: 'S', n: 1, a: [10, 20, 30], x: { 'a b': 7 } }
  it.each([
    ["$['status','n']", ['S', 1]],
    ['$["status", "n"]', ['S', 1]],
    ['$.a[0, 1]', [10, 20]],
    ['$.a[ 2 ]', [30]],
    ['$.a[-1]', [30]],
    ['$.a[-2]', [20]],
    ["$.x[ 'a b' ]", [7]],
    ['$.a[ 1 : ]', [20, 30]]
  ])('%s finds what Jayway finds', (path, expected) => {
    expect(findAll(compileJsonPath(path as string), body)).toEqual(expected)
  })

  it.each([
    ['$[(@.length-1)]', /script expressions/],
    ["$['it''s']", /expected `]`|not supported/],
    ['$.a[-1,0]', /union/],
    ['$.a[*,0]', /union/]
  ])('%s is an input error, not a silent miss or a crash', (path, message) => {
    expect(() => compileJsonPath(path)).toThrow(message)
  })
})

describe("jsonpath-plus's own operators", () => {
  it.each(['$.a[0].b~', '$.a^', '$..^'])('%s is not Jayway syntax: an input error', path => {
    expect(() => compileJsonPath(path)).toThrow(JsonPathSyntaxError)
  })

  it('showValue does not throw on a value nested too deeply to stringify', () => {
    let deep: unknown = []
    for (let i = 0; i < 20_000; i++) deep = [deep]
    expect(showValue(deep)).toBe('(nested too deeply to show)')
  })
})

describe("Jayway's functions, evaluated through findAll", () => {
  const document = { id: '42', items: [{ price: 1 }, { price: 2 }, { price: 3.5 }], tags: ['a', 'b'] }
  const evaluate = (path: string): unknown[] => findAll(compileJsonPath(path), document)

  it.each<[string, unknown[]]>([
    ['$.items.length()', [3]],
    ['$.tags.size()', [2]],
    ['$..price.sum()', [6.5]],
    ['$..price.min()', [1]],
    ['$..price.max()', [3.5]],
    ['$..price.avg()', [6.5 / 3]],
    ['$.tags.first()', ['a']],
    ['$.tags.last()', ['b']],
    ['$.tags.index(-1)', ['b']],
    ['$.tags.index(0)', ['a']],
    ['$.tags.index(5)', []],
    ['$.keys()', [['id', 'items', 'tags']]],
    ['concat("https://ci.example.com/api/jobs/", $.id)', ['https://ci.example.com/api/jobs/42']],
    ['$.concat("jobs/", $.id, "/cancel")', ['jobs/42/cancel']],
    ['$.tags.append("c")', [['a', 'b', 'c']]],
    ['$.missing.length()', []]
  ])('%s finds %j', (path, expected) => {
    expect(evaluate(path)).toEqual(expected)
  })

  it('append never changes the build info itself', () => {
    evaluate('$.tags.append("c")')
    expect(document.tags).toEqual(['a', 'b'])
  })

  it.each([
    ['$.items.foo()', /`foo\(\)` is not a function/],
    ['$.items.length(1)', /length/],
    ['$.tags.index()', /index/],
    ['$.tags.index(1.5)', /index/],
    ['$.items.length().x', /must come last/],
    ['concat("a", $.[)', /./]
  ])('%s is a syntax error', (path, message) => {
    expect(() => compileJsonPath(path)).toThrow(JsonPathSyntaxError)
    expect(() => compileJsonPath(path)).toThrow(message)
  })
})
