import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { whenAborted } from '../../src/abort.js'
import { sleep } from '../../src/stage.js'

describe('whenAborted', () => {
  it('calls what is still registered when the signal aborts, each once', () => {
    const controller = new AbortController()
    const calls: string[] = []
    whenAborted(controller.signal, () => calls.push('kept'))
    const stop = whenAborted(controller.signal, () => calls.push('stopped'))
    whenAborted(controller.signal, () => calls.push('also kept'))
    stop()
    controller.abort()
    controller.abort()
    expect(calls).toEqual(['kept', 'also kept'])
  })

  it('does not make a call that an earlier one stopped while the signal aborts', () => {
    const controller = new AbortController()
    const calls: string[] = []
    const stopSelf: () => void = whenAborted(controller.signal, () => {
      stopSelf()
      calls.push('first')
    })
    whenAborted(controller.signal, () => {
      stopThird()
      calls.push('second')
    })
    const stopThird = whenAborted(controller.signal, () => calls.push('third'))
    whenAborted(controller.signal, () => calls.push('fourth'))
    controller.abort()
    expect(calls).toEqual(['first', 'second', 'fourth'])
  })

  it('leaves one listener on the signal however many waits come and go (one a poll)', async () => {
    const controller = new AbortController()
    for (let poll = 0; poll < 50; poll++) await sleep(0.01, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    const waiting = sleep(60_000, controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
  })
})
