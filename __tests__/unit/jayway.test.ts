import { describe, it, expect } from 'vitest'
import { JSONPath } from 'jsonpath-plus'
import { applyFunction } from '../../src/jsonpath/functions.js'
import {
  isDefinite,
  splitFunction,
  JaywayFunctionError,
  JAYWAY_FUNCTIONS,
  type FunctionCall
} from '../../src/jsonpath/jayway.js'

// Jayway's own test documents (BaseFunctionTest), as far as these cases need them.
const doc = {
  empty: [],
  numbers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  text: ['a', 'b', 'c', 'd', 'e', 'f'],
  mixed: [1, 'x', null, true, 2.5, { n: 3 }, [4]],
  negatives: [-3, -1, -2],
  one: ['only'],
  id: 42,
  name: 'build',
  nothing: null,
  data: { a: 1, b: { c: 2 } },
  items: [
    { id: 'i1', price: 8.95, tags: ['x'] },
    { id: 'i2', price: 12.99, tags: ['y', 'z'] },
    { id: 'i3', price: 8.99 }
  ]
}

/** Evaluates the way the action does: jsonpath-plus, every value found. */
function findIn(document: unknown) {
  return (path: string): unknown[] => {
    const text = path.startsWith('$') ? path : `$.${path}`
    const { base, call } = splitFunction(text)
    const found = JSONPath({ path: base, json: document as object, wrap: true, eval: 'safe' }) as unknown[]
    return call ? applyFunction(call, found, findIn(document)) : found
  }
}
const find = (path: string, document: unknown = doc): unknown[] => findIn(document)(path)

describe('splitFunction', () => {
  it.each<[string, string, FunctionCall | undefined]>([
    ['$.items', '$.items', undefined],
    ['$.items.length', '$.items.length', undefined],
    ['$.items.length()', '$.items', { name: 'length', args: [], scan: false }],
    ['$.items.size( )', '$.items', { name: 'size', args: [], scan: false }],
    ['$..price.sum()', '$..price', { name: 'sum', args: [], scan: true }],
    ['$.items[*].price.avg()', '$.items[*].price', { name: 'avg', args: [], scan: false }],
    ["$['tags'].first()", "$['tags']", { name: 'first', args: [], scan: false }],
    ['$.a.index(-1)', '$.a', { name: 'index', args: [{ kind: 'number', value: -1 }], scan: false }],
    ['$.a.index( 2 )', '$.a', { name: 'index', args: [{ kind: 'number', value: 2 }], scan: false }],
    ['$.keys()', '$', { name: 'keys', args: [], scan: false }],
    ['length()', '$', { name: 'length', args: [], scan: false }],
    ['items.length()', 'items', { name: 'length', args: [], scan: false }],
    [
      '$.concat("https://ci.example.com/api/jobs/", $.id)',
      '$',
      {
        name: 'concat',
        args: [
          { kind: 'text', value: 'https://ci.example.com/api/jobs/' },
          { kind: 'path', path: '$.id', definite: true }
        ],
        scan: false
      }
    ],
    [
      'concat("https://x/", @.id)',
      '$',
      {
        name: 'concat',
        args: [
          { kind: 'text', value: 'https://x/' },
          { kind: 'path', path: '$.id', definite: true }
        ],
        scan: false
      }
    ],
    [
      String.raw`$.text.concat('it\'s (a, b)', "\"q\"\n\u0041", 7)`,
      '$.text',
      {
        name: 'concat',
        args: [
          { kind: 'text', value: "it's (a, b)" },
          { kind: 'text', value: '"q"\nA' },
          { kind: 'number', value: 7 }
        ],
        scan: false
      }
    ],
    [
      "$.concat($.items[?(@.id == 'a,b)')].id, $['x,y'], $..id, $.numbers.max())",
      '$',
      {
        name: 'concat',
        args: [
          { kind: 'path', path: "$.items[?(@.id == 'a,b)')].id", definite: false },
          { kind: 'path', path: "$['x,y']", definite: true },
          { kind: 'path', path: '$..id', definite: false },
          { kind: 'path', path: '$.numbers.max()', definite: true }
        ],
        scan: false
      }
    ],
    ['$.numbers.append()', '$.numbers', { name: 'append', args: [], scan: false }],
    [
      '$.numbers.append(11, "12", $.id)',
      '$.numbers',
      {
        name: 'append',
        args: [
          { kind: 'number', value: 11 },
          { kind: 'text', value: '12' },
          { kind: 'path', path: '$.id', definite: true }
        ],
        scan: false
      }
    ],
    // Calls in filters belong to the filter.
    ['$.items[?(@.tags.length() > 1)]', '$.items[?(@.tags.length() > 1)]', undefined],
    [
      '$.items[?(@.tags.length() > 1)].id.concat()',
      '$.items[?(@.tags.length() > 1)].id',
      { name: 'concat', args: [], scan: false }
    ],
    ["$['a(b)'].length()", "$['a(b)']", { name: 'length', args: [], scan: false }]
  ])('%s → base %s', (text, base, call) => {
    expect(splitFunction(text)).toEqual(call ? { base, call } : { base })
  })

  it.each([
    ['$.items.foo()', /`foo\(\)` is not a function; Jayway's functions are length\(\), size\(\)/],
    ['$.a.length().b', /`length\(\)` must come last in the path/],
    ['$.a.length().sum()', /must come last/],
    ['$.numbers.append(1).avg()', /must come last/],
    ['$.a(b).c', /`a\(\)` is not a function/],
    ['$.items.length(1)', /`length\(\)` takes no arguments/],
    ['$..price.sum($.id)', /`sum\(\)` takes no arguments/],
    ['$.a.index()', /`index\(n\)` takes one whole number/],
    ['$.a.index(1.5)', /one whole number/],
    ['$.a.index("a")', /one whole number/],
    ['$.a.index(1, 2)', /one whole number/],
    ['$.a.index($.id)', /one whole number/],
    ['concat(https://x/, $.id)', /argument 1 of `concat\(\)` must be a quoted string, a number or a path/],
    ['$.concat("a", true)', /argument 2 of `concat\(\)`/],
    ['$.concat("a",)', /argument 2 of `concat\(\)`/],
    ['$.concat(,"a")', /argument 1 of `concat\(\)`/],
    ['$.append({"a": 1})', /argument 1 of `append\(\)`/],
    ['$.concat("a" "b")', /expected `,` or `\)` after argument 1 of `concat\(\)`/],
    ['$.concat("a"', /`concat\(` is not closed/],
    ['$.concat("a)', /`concat\(` is not closed/],
    ['$.concat($.items[?(@.id == 1)]', /`concat\(` is not closed/],
    ['$.items.length(', /`length\(` is not closed/],
    ['$..length()', /expected `.` before `length\(\)`/],
    ["$['a']length()", /expected `.` before `length\(\)`/],
    ['$.()', /expected a function name before `\(`/],
    ['$.items.length ()', /expected a function name/],
    ['$.concat($.a.foo())', /`foo\(\)` is not a function/]
  ])('rejects %s', (text, message) => {
    expect(() => splitFunction(text)).toThrow(JaywayFunctionError)
    expect(() => splitFunction(text)).toThrow(message)
  })

  it('lists every function', () => {
    expect(JAYWAY_FUNCTIONS).toEqual([
      ...['length', 'size', 'min', 'max', 'avg', 'sum', 'stddev', 'keys', 'first', 'last', 'index'],
      ...['concat', 'append']
    ])
  })
})

describe('isDefinite', () => {
  it.each([
    ['$', true],
    ['$.a.b', true],
    ["$['a'].b[0]", true],
    ['$.a[-1]', true],
    ['$.a.length()', true],
    ['$..a.sum()', true],
    ['$..a', false],
    ['$.a[*]', false],
    ['$.a.*', false],
    ['$.a[0,1]', false],
    ["$['a','b']", false],
    ['$.a[1:]', false],
    ['$.a[?(@.b)]', false],
    ['$.a[*].length()', false]
  ])('%s → %s', (path, definite) => {
    expect(isDefinite(path)).toBe(definite)
  })
})

describe('applyFunction, as Jayway evaluates', () => {
  it.each<[string, unknown[]]>([
    // length/size (text/Length.java): a list's items, an object's keys, null for anything else.
    ['$.numbers.length()', [10]],
    ['$.text.size()', [6]],
    ['$.data.length()', [2]],
    ['$.name.length()', [null]],
    ['$.nothing.length()', [null]],
    ['$.missing.length()', []],
    ['$.length()', [Object.keys(doc).length]],
    // Each value the path reaches, one result each (JSONEntityPathFunctionTest).
    ['$.items[*].tags.length()', [1, 2]],
    ['$.items[?(@.tags)].tags.last()', ['x', 'z']],
    // `$..` is turned around (CompiledPath.invertScannerFunctionRelationship): the children of all found.
    ['$..tags.length()', [3]],
    ['$..price.length()', [0]],
    // Aggregations (numeric/*.java): doubles, non-numbers skipped (NumericPathFunctionTest).
    ['$.numbers.sum()', [55]],
    ['$.numbers.avg()', [5.5]],
    ['$.numbers.min()', [1]],
    ['$.numbers.max()', [10]],
    ['$.numbers.stddev()', [2.8722813232690143]],
    ['$.mixed.sum()', [3.5]],
    ['$.negatives.max()', [-1]],
    ['$..price.sum()', [8.95 + 12.99 + 8.99]],
    ['$..price.max()', [12.99]],
    // Empty: Jayway throws "Aggregation function attempted to calculate value using empty array".
    ['$.empty.avg()', []],
    ['$.text.sum()', []],
    ['$..missing.sum()', []],
    // Not turned around: each price is a number, not a list, so Jayway throws (issue #191).
    ['$.items[*].price.sum()', []],
    ['$.id.sum()', []],
    // keys (json/KeySetFunction.java): an object's keys, null otherwise.
    ['$.data.keys()', [['a', 'b']]],
    ['$.numbers.keys()', [null]],
    // first/last/index (sequence/*.java): a list's item, negative from the end; else nothing.
    ['$.numbers.first()', [1]],
    ['$.numbers.last()', [10]],
    ['$.numbers.index(1)', [2]],
    ['$.numbers.index(-1)', [10]],
    ['$.numbers.index(-10)', [1]],
    ['$.one.last()', ['only']],
    ['$.numbers.index(10)', []],
    ['$.numbers.index(-11)', []],
    ['$.empty.first()', []],
    ['$.data.first()', []],
    // concat (text/Concatenate.java): a list's strings, then every argument as text.
    ['$.text.concat()', ['abcdef']],
    ['$.text.concat("-", "ghijk")', ['abcdef-ghijk']],
    ['$.mixed.concat()', ['x']],
    ['$.name.concat("-x")', ['-x']],
    ['concat("https://ci.example.com/api/jobs/", $.id)', ['https://ci.example.com/api/jobs/42']],
    ['$.concat($.text[0], $.numbers[0])', ['a1']],
    ['$.concat($.items[*].id, "/", $.text)', ['i1i2i3/abcdef']],
    ['$.concat($.mixed)', ['1xtrue2.5{"n":3}[4]']],
    ['$.concat("/", $.nothing)', ['/']],
    ['$.concat("/", $.missing)', []],
    ['$.concat("/", $.items[?(@.id == "none")].id)', ['/']],
    ['$..id.concat()', ['42i1i2i3']],
    // append (json/Append.java): each argument one more item; not a list: unchanged.
    ['$.numbers.append(11, "12")', [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, '12']]],
    ['$.text.append($.one, $.id)', [['a', 'b', 'c', 'd', 'e', 'f', ['only'], 42]]],
    ['$.text.append($.items[*].id)', [['a', 'b', 'c', 'd', 'e', 'f', ['i1', 'i2', 'i3']]]],
    ['$.name.append("x")', ['build']],
    ['$.numbers.append($.missing)', []]
  ])('%s → %j', (path, expected) => {
    expect(find(path)).toEqual(expected)
  })

  it('finds nothing with no document', () => {
    expect(find('$..price.sum()', [])).toEqual([])
    const call = splitFunction('$..a.sum()').call as FunctionCall
    expect(applyFunction(call, [1], () => [])).toEqual([])
  })

  // Quirks of `$..` turned around: the function runs on the root document.
  it.each<[string, unknown, unknown[]]>([
    ['$..a.sum()', [1, 2, { a: 3 }], [6]],
    ['$..a.first()', [{ a: 3 }, 1], [{ a: 3 }]],
    ['$..a.first()', { a: 3 }, []],
    ['$..b.keys()', { a: 1, c: { b: 2 } }, [['a', 'c']]],
    ['$..a.append("x")', [{ a: 3 }], [[{ a: 3 }, [3], 'x']]]
  ])('%s on %j → %j', (path, document, expected) => {
    expect(find(path, document)).toEqual(expected)
  })

  it('never changes the document', () => {
    const numbers = [1, 2]
    const document = { numbers }
    expect(find('$.numbers.append(3)', document)).toEqual([[1, 2, 3]])
    expect(document).toEqual({ numbers: [1, 2] })
    expect(document.numbers).toBe(numbers)
  })

  it('shows whole doubles as JSON numbers: 6, not Jayway’s 6.0', () => {
    expect(JSON.stringify(find('$.sum()', [1, 2, 3]))).toBe('[6]')
  })
})
