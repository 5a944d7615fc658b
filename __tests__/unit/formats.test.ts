import { describe, it, expect } from 'vitest'
import { formatBytes, formatDuration, parseBoolean, parseDuration, parseList, parseSize } from '../../src/formats.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1m500ms', 60_500],
    ['0', 0],
    ['0s', 0]
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    ['90', 90_000],
    ['1.5', 1_500],
    ['0.25', 250]
  ])('reads the bare number %j as seconds', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    ['5M', 300_000],
    ['1H30M', 5_400_000],
    ['500MS', 500],
    ['  30s  ', 30_000],
    ['\t10\n', 10_000]
  ])('ignores case and surrounding whitespace: %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', '   ', '5x', 'abc', '1h 30m', '30 s', '-5', '-5s', 's', 'ms', '1d', '1e3', '.5', '5.', '1h30', 'auto'])(
    'rejects %j',
    text => {
      expect(parseDuration(text)).toBeUndefined()
    }
  )

  it.each(['30m1h', '5m5m', '1s1m', '500ms1s', '1h30m1h', '1m1m30s'])(
    'rejects %j: the largest unit comes first, each unit once',
    text => {
      expect(parseDuration(text)).toBeUndefined()
    }
  )
})

describe('parseSize', () => {
  it.each([
    ['512KB', 512 * 1024],
    ['16MB', 16 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['16mb', 16 * 1024 ** 2],
    [' 1kb ', 1024],
    ['100', 100],
    ['0', 0],
    ['1048576', 1024 ** 2]
  ])('reads %j as %d bytes (powers of 1024)', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it.each(['', 'abc', 'KB', '-1', '1TB', '16 M', '1e3', '5 x'])('rejects %j', text => {
    expect(parseSize(text)).toBeUndefined()
  })
})

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    [' true ', true],
    ['false', false],
    ['FALSE', false],
    ['False', false]
  ])('reads %j as %s', (text, value) => {
    expect(parseBoolean(text)).toBe(value)
  })

  it.each(['', 'yes', 'no', '1', '0', 'on', 'truth'])('rejects %j', text => {
    expect(parseBoolean(text)).toBeUndefined()
  })
})

describe('parseList', () => {
  it.each([
    ['404', ['404']],
    ['404,409', ['404', '409']],
    [' 404 , 409 ', ['404', '409']],
    ['404\n409\r\n425', ['404', '409', '425']],
    ['a,\n b ,, \n,c,', ['a', 'b', 'c']],
    ['DONE, Finished Ok', ['DONE', 'Finished Ok']],
    ['', []],
    [' , \n ', []]
  ])('splits %j', (text, items) => {
    expect(parseList(text)).toEqual(items)
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [12_500, '12.5s'],
    [60_000, '1m00s'],
    [185_000, '3m05s'],
    [3_600_000, '1h00m'],
    [3_720_000, '1h02m']
  ])('shows %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it.each(['500ms', '30s', '5m', '1h'])('round-trips %j through parseDuration', text => {
    expect(parseDuration(formatDuration(parseDuration(text)!))).toBe(parseDuration(text))
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1024 ** 2, '1 MB'],
    [16 * 1024 ** 2, '16 MB'],
    [1.5 * 1024 ** 2, '1.5 MB']
  ])('shows %d bytes as %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
