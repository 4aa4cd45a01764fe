import { afterEach, describe, expect, it, vi } from 'vitest'
import { startSharedDeadline } from '../../src/server/deadline'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('startSharedDeadline', () => {
  it('calls back once the time is up, not before', () => {
    vi.useFakeTimers()
    const onExpire = vi.fn()
    startSharedDeadline(100, onExpire)
    vi.advanceTimersByTime(99)
    expect(onExpire).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onExpire).toHaveBeenCalledOnce()
    vi.advanceTimersByTime(1_000)
    expect(onExpire).toHaveBeenCalledOnce()
  })

  it('never calls back a deadline stopped in time, and stopping again or after expiry changes nothing', () => {
    vi.useFakeTimers()
    const stopped = vi.fn()
    const expired = vi.fn()
    const stop = startSharedDeadline(101, stopped)
    const stopExpired = startSharedDeadline(101, expired)
    stop()
    stop()
    vi.advanceTimersByTime(101)
    expect(stopped).not.toHaveBeenCalled()
    expect(expired).toHaveBeenCalledOnce()
    stopExpired()
    vi.advanceTimersByTime(1_000)
    expect(expired).toHaveBeenCalledOnce()
  })

  it('ends deadlines set at different times each after its own length, whichever of them are stopped', () => {
    vi.useFakeTimers()
    const calls: string[] = []
    const stops = ['a', 'b', 'c', 'd'].map((name) => {
      const stop = startSharedDeadline(102, () => calls.push(`${name}@${Date.now()}`))
      vi.advanceTimersByTime(10)
      return stop
    })
    const start = Date.now() - 40
    stops[0]!() // the first
    stops[2]!() // one in the middle
    vi.advanceTimersByTime(102)
    expect(calls).toEqual([`b@${start + 112}`, `d@${start + 132}`])
    stops[3]!() // the last, already expired
    const again = vi.fn()
    startSharedDeadline(102, again)
    vi.advanceTimersByTime(102)
    expect(again).toHaveBeenCalledOnce()
  })

  it('keeps deadlines of different lengths apart', () => {
    vi.useFakeTimers()
    const long = vi.fn()
    const short = vi.fn()
    startSharedDeadline(203, long)
    startSharedDeadline(103, short)
    vi.advanceTimersByTime(103)
    expect(short).toHaveBeenCalledOnce()
    expect(long).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(long).toHaveBeenCalledOnce()
  })

  it('arms a real timer when the one it had was lost with fake timers that were uninstalled', async () => {
    vi.useFakeTimers({ now: 0 })
    const lost = vi.fn()
    startSharedDeadline(5, lost)
    vi.useRealTimers()
    await new Promise<void>((resolve) => startSharedDeadline(5, resolve))
    expect(lost).toHaveBeenCalledOnce()
  })

  it('does not keep a Node process alive by itself', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const stop = startSharedDeadline(10_007, () => {})
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(false)
    stop()
  })
})
