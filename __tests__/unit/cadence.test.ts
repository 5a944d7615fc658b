import { describe, expect, it } from 'vitest'
import { nextWait } from '../../src/tasks/cadence.js'

describe('nextWait', () => {
  it('keeps the cadence while the work goes on and nothing is asked', () => {
    expect(nextWait('auto', 0, { kind: 'going-on' }, 60_000)).toEqual({ waitMs: 1_000 })
    expect(nextWait('auto', 61_000, { kind: 'going-on' }, 600_000)).toEqual({ waitMs: 15_000 })
    expect(nextWait(5_000, 0, { kind: 'going-on' }, 60_000)).toEqual({ waitMs: 5_000 })
  })

  it('takes a longer wait the server asks for, counting what is left of the timeout', () => {
    expect(nextWait(1_000, 0, { kind: 'going-on', askedMs: 30_000 }, 10_000)).toEqual({
      waitMs: 30_000,
      serverWaitMs: 10_000
    })
  })

  it('never polls faster than the cadence because the server asked', () => {
    expect(nextWait(5_000, 0, { kind: 'going-on', askedMs: 1_000 }, 60_000)).toEqual({ waitMs: 5_000 })
  })

  it('keeps the cadence through failures, and lets Retry-After lengthen the wait by up to a fifth', () => {
    expect(nextWait(2_000, 0, { kind: 'failed' }, 60_000)).toEqual({ waitMs: 2_000 })
    const { waitMs, serverWaitMs } = nextWait(2_000, 0, { kind: 'failed', retryAfterMs: 10_000 }, 60_000)
    expect(waitMs).toBeGreaterThanOrEqual(10_000)
    expect(waitMs).toBeLessThanOrEqual(12_000)
    expect(serverWaitMs).toBeUndefined()
    expect(nextWait(20_000, 0, { kind: 'failed', retryAfterMs: 1_000 }, 60_000).waitMs).toBe(20_000)
  })
})
