import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sleep } from '../../src/core/abort'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

// The wait before a retry: an abort must end it at once, even one that came before the wait began.
describe('sleep', () => {
  it('waits the time given', async () => {
    let done = false
    void sleep(500).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(499)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toBe(true)
  })

  it('rejects at once with an aborted error when the signal has already aborted, leaving no timer', async () => {
    const controller = new AbortController()
    const reason = new Error('left the page')
    controller.abort(reason)
    await expect(sleep(500, controller.signal)).rejects.toMatchObject({ kind: 'aborted', cause: reason })
    expect(vi.getTimerCount()).toBe(0)
  })
})
