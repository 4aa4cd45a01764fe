import { startSharedDeadline } from '../../src/server/node/deadline'
import { afterEach, describe, expect, it, vi } from 'vitest'

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
  it('re-arms for the next deadline at its own time, with the clock at any value', () => {
    vi.useFakeTimers({ now: 1_000 })
    const calls: number[] = []
    startSharedDeadline(104, () => calls.push(Date.now()))
    vi.advanceTimersByTime(50)
    startSharedDeadline(104, () => calls.push(Date.now()))
    vi.advanceTimersByTime(104)
    expect(calls).toEqual([1_104, 1_154])
  })

  it('keeps the timer it has when a later deadline is set within the length plus a second of arming it', () => {
    vi.useFakeTimers({ now: 0 })
    const first = vi.fn()
    const second = vi.fn()
    startSharedDeadline(105, first)
    vi.advanceTimersByTime(104)
    // The clock jumps without the timer firing: exactly 105 + 1000 ms after it was armed, it is not lost yet.
    vi.setSystemTime(105 + 1_000)
    startSharedDeadline(105, second)
    vi.advanceTimersByTime(1)
    expect(first).toHaveBeenCalledOnce()
    expect(second).not.toHaveBeenCalled()
    vi.advanceTimersByTime(105)
    expect(second).toHaveBeenCalledOnce()
  })

  it('takes a timer not fired 1 ms after that as lost, and arms a new one for the deadlines', () => {
    vi.useFakeTimers({ now: 0 })
    const first = vi.fn()
    startSharedDeadline(106, first)
    vi.advanceTimersByTime(105)
    vi.setSystemTime(106 + 1_001)
    const clear = vi.spyOn(globalThis, 'clearTimeout')
    startSharedDeadline(106, () => {})
    expect(clear).toHaveBeenCalledOnce()
  })

  it('works with a timer object that has no unref (another runtime)', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout').mockReturnValue({} as NodeJS.Timeout)
    const stop = startSharedDeadline(10_009, () => {})
    expect(setTimeoutSpy).toHaveBeenCalledOnce()
    stop()
  })
  it('takes a timer armed at a time the clock has gone back before as lost, and arms a new one', () => {
    vi.useFakeTimers({ now: 10_000 })
    startSharedDeadline(108, () => {})
    vi.setSystemTime(9_999)
    const clear = vi.spyOn(globalThis, 'clearTimeout')
    startSharedDeadline(108, () => {})
    expect(clear).toHaveBeenCalledOnce()
  })
  it('serves deadlines of one length with one timer', () => {
    vi.useFakeTimers()
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const stops = [startSharedDeadline(109, () => {}), startSharedDeadline(109, () => {}), startSharedDeadline(109, () => {})]
    expect(setTimeoutSpy).toHaveBeenCalledOnce()
    for (const stop of stops) stop()
  })
})
