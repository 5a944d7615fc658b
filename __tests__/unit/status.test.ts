import { describe, it, expect } from 'vitest'
import { describeFound, normalizeStatus, readStatus, type StatusLists, type StatusReading } from '../../src/status.js'

/** Lists as the inputs hand them over: trimmed and lower-cased. */
const lists = (success: string[], canceled: string[] = [], terminal: string[] = []): StatusLists => ({
  success: new Set(success.map(normalizeStatus)),
  canceled: new Set(canceled.map(normalizeStatus)),
  terminal: new Set(terminal.map(normalizeStatus))
})

const spinnaker = lists(['SUCCESS', 'Done'], ['CANCELED', 'aborted'], ['FAILED', 'error'])

describe('normalizeStatus', () => {
  it.each([
    ['SUCCESS', 'success'],
    ['  Done \n', 'done'],
    ['\tFaIlEd ', 'failed'],
    ['', '']
  ])('%j → %j', (value, normal) => {
    expect(normalizeStatus(value)).toBe(normal)
  })
})

describe('readStatus', () => {
  describe('compares the value as text, trimmed and case-insensitive, with the lists', () => {
    it.each<[unknown, StatusReading]>([
      ['SUCCESS', { kind: 'final', status: 'SUCCEEDED', value: 'SUCCESS' }],
      ['success', { kind: 'final', status: 'SUCCEEDED', value: 'success' }],
      ['  Success  ', { kind: 'final', status: 'SUCCEEDED', value: '  Success  ' }],
      ['DONE', { kind: 'final', status: 'SUCCEEDED', value: 'DONE' }],
      ['canceled', { kind: 'final', status: 'CANCELED', value: 'canceled' }],
      ['Aborted\n', { kind: 'final', status: 'CANCELED', value: 'Aborted\n' }],
      ['FAILED', { kind: 'final', status: 'TERMINAL', value: 'FAILED' }],
      [' ERROR', { kind: 'final', status: 'TERMINAL', value: ' ERROR' }],
      ['RUNNING', { kind: 'running', value: 'RUNNING' }],
      ['', { kind: 'running', value: '' }],
      ['SUCCESSFUL', { kind: 'running', value: 'SUCCESSFUL' }]
    ])('%j → %o', (value, reading) => {
      expect(readStatus([value], spinnaker)).toEqual(reading)
    })
  })

  it('a list item written with spaces and capitals still matches', () => {
    expect(readStatus(['ready'], lists(['  READY  ']))).toMatchObject({ kind: 'final', status: 'SUCCEEDED' })
  })

  describe('a one-element array counts as its value', () => {
    it.each<[unknown, StatusReading]>([
      [['SUCCESS'], { kind: 'final', status: 'SUCCEEDED', value: 'SUCCESS' }],
      [['failed'], { kind: 'final', status: 'TERMINAL', value: 'failed' }],
      [['RUNNING'], { kind: 'running', value: 'RUNNING' }],
      [[40], { kind: 'running', value: '40', percent: 40 }],
      [[100], { kind: 'final', status: 'SUCCEEDED', value: '100', percent: 100 }],
      [[true], { kind: 'running', value: 'true' }]
    ])('%j → %o', (value, reading) => {
      expect(readStatus([value], spinnaker)).toEqual(reading)
    })
  })

  describe('a number no list names is a percentage', () => {
    it.each<[number, StatusReading]>([
      [100, { kind: 'final', status: 'SUCCEEDED', value: '100', percent: 100 }],
      [100.0, { kind: 'final', status: 'SUCCEEDED', value: '100', percent: 100 }],
      [40, { kind: 'running', value: '40', percent: 40 }],
      [0, { kind: 'running', value: '0', percent: 0 }],
      [99.5, { kind: 'running', value: '99.5', percent: 99.5 }]
    ])('%d → %o', (value, reading) => {
      expect(readStatus([value], spinnaker)).toEqual(reading)
    })
  })

  describe('a number a list names follows the list', () => {
    const numeric = lists(['0'], ['2'], ['1', '100'])

    it.each<[number, StatusReading]>([
      [0, { kind: 'final', status: 'SUCCEEDED', value: '0' }],
      [2, { kind: 'final', status: 'CANCELED', value: '2' }],
      [1, { kind: 'final', status: 'TERMINAL', value: '1' }],
      // named by the terminal list, so not a percentage
      [100, { kind: 'final', status: 'TERMINAL', value: '100' }],
      // named by no list: a percentage
      [50, { kind: 'running', value: '50', percent: 50 }]
    ])('%d → %o', (value, reading) => {
      expect(readStatus([value], numeric)).toEqual(reading)
    })

    it('a number found as a string is text, not a percentage', () => {
      expect(readStatus(['100'], spinnaker)).toEqual({ kind: 'running', value: '100' })
      expect(readStatus(['40'], spinnaker)).toEqual({ kind: 'running', value: '40' })
    })

    it('a string matches a list item written as a number', () => {
      expect(readStatus(['2'], numeric)).toEqual({ kind: 'final', status: 'CANCELED', value: '2' })
    })
  })

  describe('booleans are compared as text', () => {
    const booleans = lists(['true'], [], ['FALSE'])

    it.each<[boolean, StatusReading]>([
      [true, { kind: 'final', status: 'SUCCEEDED', value: 'true' }],
      [false, { kind: 'final', status: 'TERMINAL', value: 'false' }]
    ])('%s → %o', (value, reading) => {
      expect(readStatus([value], booleans)).toEqual(reading)
    })

    it('a boolean no list names keeps polling (not a percentage)', () => {
      expect(readStatus([false], spinnaker)).toEqual({ kind: 'running', value: 'false' })
      expect(readStatus([true], spinnaker)).toEqual({ kind: 'running', value: 'true' })
    })
  })

  describe('anything but exactly one string, number or boolean is unusable', () => {
    it.each<[string, unknown[], string]>([
      ['nothing', [], 'nothing'],
      ['two values', ['SUCCESS', 'FAILED'], '2 values'],
      ['three values', [1, 2, 3], '3 values'],
      ['an object', [{ state: 'SUCCESS' }], 'an object'],
      ['null', [null], 'null'],
      ['an empty array', [[]], 'an empty list'],
      ['an array of two', [['SUCCESS', 'FAILED']], 'a list of 2 values'],
      ['an array of three', [[1, 2, 3]], 'a list of 3 values']
    ])('%s', (_, found, description) => {
      const reading = readStatus(found, spinnaker)
      expect(reading).toEqual({ kind: 'unusable', found: description })
    })

    it.each<[string, unknown[]]>([
      ['a one-element array holding an object', [[{ a: 1 }]]],
      ['a one-element array holding null', [[null]]],
      ['a one-element array holding an array', [[['SUCCESS']]]],
      ['a NaN', [Number.NaN]],
      ['an infinite number', [Number.POSITIVE_INFINITY]],
      ['undefined', [undefined]]
    ])('%s', (_, found) => {
      const reading = readStatus(found, spinnaker)
      expect(reading.kind).toBe('unusable')
      if (reading.kind === 'unusable') expect(reading.found).not.toBe('')
    })
  })
})

describe('readStatus with missing-status: running', () => {
  it.each<[unknown[], string]>([
    [[], 'nothing'],
    [[null], 'null'],
    [[[null]], 'a list holding null']
  ])('reads %j as not yet', (found, description) => {
    expect(readStatus(found, spinnaker, 'running')).toEqual({ kind: 'not-yet', found: description })
  })

  it.each<[unknown[], string]>([
    [[null, null], '2 values'],
    [[{ conclusion: null }], 'an object'],
    [[[null, null]], 'a list of 2 values'],
    [[[]], 'an empty list'],
    [[[{}]], 'a list holding an object']
  ])('still finds %j unusable', (found, description) => {
    expect(readStatus(found, spinnaker, 'running')).toEqual({ kind: 'unusable', found: description })
  })

  it('reads a value as before', () => {
    expect(readStatus(['FAILED'], spinnaker, 'running')).toMatchObject({ kind: 'final', status: 'TERMINAL' })
    expect(readStatus(['queued'], spinnaker, 'running')).toEqual({ kind: 'running', value: 'queued' })
  })
})

describe('describeFound', () => {
  it.each<[unknown[], string]>([
    [[], 'nothing'],
    [['a', 'b'], '2 values'],
    [[null], 'null'],
    [[{}], 'an object'],
    [[[]], 'an empty list'],
    [[[1, 2]], 'a list of 2 values'],
    [['x'], 'a string'],
    [[1], 'a number'],
    [[true], 'a boolean']
  ])('%j → %s', (found, description) => {
    expect(describeFound(found)).toBe(description)
  })
})

describe('describeFound, of a list holding one value', () => {
  it('says what the one value is', () => {
    expect(describeFound([[{ a: 1 }]])).toBe('a list holding an object')
    expect(describeFound([[null]])).toBe('a list holding null')
  })
})
