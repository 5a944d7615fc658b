import { describe, it, expect } from 'vitest'
import { KEEP_FIRST, Timeline, type StageEvent } from '../../src/timeline.js'

/** A timeline on a hand-driven clock, with every event the listener hears. */
function timeline(): { timeline: Timeline; heard: StageEvent[]; clock: { now: number } } {
  const clock = { now: 0 }
  const heard: StageEvent[] = []
  return {
    timeline: new Timeline(
      () => clock.now,
      event => heard.push({ ...event })
    ),
    heard,
    clock
  }
}

describe('Timeline', () => {
  it('starts empty', () => {
    const { timeline: t, heard } = timeline()
    expect(t.events).toEqual([])
    expect(t.omitted).toBe(0)
    expect(heard).toEqual([])
  })

  it('records events with times from the injected clock', () => {
    const { timeline: t, clock } = timeline()
    clock.now = 5
    t.record('request', 'POST https://h.example/hook')
    clock.now = 250
    t.record('answer', '202 Accepted')
    clock.now = 1_300
    t.record('poll-failure', '503 Service Unavailable', 'warning')
    expect(t.events).toEqual([
      { kind: 'request', text: 'POST https://h.example/hook', level: 'info', at: 5, count: 1, lastAt: 5 },
      { kind: 'answer', text: '202 Accepted', level: 'info', at: 250, count: 1, lastAt: 250 },
      { kind: 'poll-failure', text: '503 Service Unavailable', level: 'warning', at: 1_300, count: 1, lastAt: 1_300 }
    ])
  })

  it('tells the listener of each new event', () => {
    const { timeline: t, heard, clock } = timeline()
    t.record('request', 'GET https://h.example/')
    clock.now = 10
    t.record('outcome', 'SUCCEEDED', 'info')
    expect(heard.map(event => [event.kind, event.text, event.at])).toEqual([
      ['request', 'GET https://h.example/', 0],
      ['outcome', 'SUCCEEDED', 10]
    ])
  })

  it('now() reads the clock', () => {
    const { timeline: t, clock } = timeline()
    clock.now = 42
    expect(t.now()).toBe(42)
  })

  describe('a repeat of the last event', () => {
    it('only counts up and moves lastAt', () => {
      const { timeline: t, clock } = timeline()
      clock.now = 1_000
      t.record('status', 'RUNNING')
      clock.now = 2_000
      t.record('status', 'RUNNING')
      clock.now = 3_000
      t.record('status', 'RUNNING')
      expect(t.events).toEqual([{ kind: 'status', text: 'RUNNING', level: 'info', at: 1_000, count: 3, lastAt: 3_000 }])
    })

    it('is not reported again to the listener', () => {
      const { timeline: t, heard } = timeline()
      for (let i = 0; i < 5; i++) t.record('status', 'RUNNING')
      expect(heard).toHaveLength(1)
      expect(heard[0]).toMatchObject({ kind: 'status', text: 'RUNNING', count: 1 })
    })

    it.each([
      ['the same text of another kind', 'progress', 'RUNNING'],
      ['another text of the same kind', 'status', 'DONE']
    ] as const)('%s is a new event', (_, kind, text) => {
      const { timeline: t, heard } = timeline()
      t.record('status', 'RUNNING')
      t.record(kind, text)
      expect(t.events).toHaveLength(2)
      expect(heard).toHaveLength(2)
    })

    it('an event that repeats an earlier one, not the last, is new', () => {
      const { timeline: t, heard } = timeline()
      t.record('status', 'RUNNING')
      t.record('poll-failure', '502 Bad Gateway', 'warning')
      t.record('status', 'RUNNING')
      expect(t.events.map(event => [event.text, event.count])).toEqual([
        ['RUNNING', 1],
        ['502 Bad Gateway', 1],
        ['RUNNING', 1]
      ])
      expect(heard).toHaveLength(3)
    })
  })

  describe('stays bounded', () => {
    const TOTAL = 500

    function recordMany(): ReturnType<typeof timeline> {
      const made = timeline()
      for (let i = 0; i < TOTAL; i++) {
        made.clock.now = i * 1_000
        made.timeline.record('progress', `step ${i}`)
      }
      return made
    }

    it('keeps a bounded number of events however many happen', () => {
      const { timeline: t } = recordMany()
      expect(t.events.length).toBeLessThan(TOTAL)
      expect(t.events.length).toBeLessThanOrEqual(100)
      expect(t.events.length).toBeGreaterThan(KEEP_FIRST)
    })

    it('counts the dropped events in `omitted`', () => {
      const { timeline: t } = recordMany()
      expect(t.omitted).toBe(TOTAL - t.events.length)
    })

    it('keeps the first events, which tell how the stage began', () => {
      const { timeline: t } = recordMany()
      expect(t.events.slice(0, KEEP_FIRST).map(event => event.text)).toEqual(
        Array.from({ length: KEEP_FIRST }, (_, i) => `step ${i}`)
      )
    })

    it('keeps the latest events, in order', () => {
      const { timeline: t } = recordMany()
      const rest = t.events.slice(KEEP_FIRST).map(event => event.text)
      const expected = Array.from({ length: rest.length }, (_, i) => `step ${TOTAL - rest.length + i}`)
      expect(rest).toEqual(expected)
    })

    it('still tells the listener of every new event', () => {
      const { heard } = recordMany()
      expect(heard).toHaveLength(TOTAL)
    })

    it('a long run of repeats takes one event', () => {
      const { timeline: t } = timeline()
      for (let i = 0; i < 10_000; i++) t.record('status', 'RUNNING')
      expect(t.events).toHaveLength(1)
      expect(t.events[0].count).toBe(10_000)
      expect(t.omitted).toBe(0)
    })

    it('drops nothing while short', () => {
      const { timeline: t } = timeline()
      for (let i = 0; i < 20; i++) t.record('progress', `step ${i}`)
      expect(t.events).toHaveLength(20)
      expect(t.omitted).toBe(0)
    })
  })

  describe('heartbeat', () => {
    it('reaches the listener but is not kept', () => {
      const { timeline: t, heard, clock } = timeline()
      t.record('status', 'RUNNING')
      clock.now = 60_000
      t.heartbeat('still RUNNING after 1m')
      expect(t.events).toHaveLength(1)
      expect(heard).toHaveLength(2)
      expect(heard[1]).toMatchObject({
        kind: 'note',
        text: 'still RUNNING after 1m',
        level: 'info',
        at: 60_000,
        count: 1
      })
    })

    it('does not break the run of a repeated event', () => {
      const { timeline: t } = timeline()
      t.record('status', 'RUNNING')
      t.heartbeat('still waiting')
      t.record('status', 'RUNNING')
      expect(t.events).toHaveLength(1)
      expect(t.events[0].count).toBe(2)
    })
  })
})
