import { afterEach, describe, expect, it, vi } from 'vitest'
import { failureReports, REPORT_INTERVAL_MS, type RepeatedFailures } from '../../src/server/checks/failure-reports'
import type { IncomingCall } from '../../src/server/checks/incoming-call'

afterEach(() => {
  vi.useRealTimers()
})

/** A call whose `request()` is `request`, gone or not. */
const callOf = (url: string, gone = false) => {
  const request = new Request(url)
  return { call: { isGone: () => gone, request: () => request } as unknown as IncomingCall, request }
}

function setup() {
  vi.useFakeTimers({ now: 0 })
  const onError = vi.fn<(error: unknown, request: Request | undefined) => void>()
  return { onError, report: failureReports(onError) }
}

const summaryAt = (onError: ReturnType<typeof setup>['onError'], index: number) => onError.mock.calls[index]![0] as RepeatedFailures

describe('failureReports: onError without a flood', () => {
  it('passes the first failure of a kind as it is, at once, with the request it refused', () => {
    const { onError, report } = setup()
    const error = new Error('down')
    const { call, request } = callOf('http://app.test/1')
    report('upstream-connection', error, call)
    expect(onError).toHaveBeenCalledOnce()
    expect(onError).toHaveBeenCalledWith(error, request)
  })

  it('counts the failures of that kind in the next second, and reports them together one second after the first', () => {
    const { onError, report } = setup()
    report('upstream-timeout', new Error('first'), callOf('http://app.test/1').call)
    vi.advanceTimersByTime(10)
    report('upstream-timeout', new Error('second'), callOf('http://app.test/2').call)
    const last = callOf('http://app.test/3')
    report('upstream-timeout', 'third', last.call)
    vi.advanceTimersByTime(REPORT_INTERVAL_MS - 11)
    expect(onError).toHaveBeenCalledOnce()
    vi.advanceTimersByTime(1)
    expect(onError).toHaveBeenCalledTimes(2)
    const summary = summaryAt(onError, 1)
    expect(summary).toBeInstanceOf(AggregateError)
    expect(summary.kind).toBe('upstream-timeout')
    expect(summary.count).toBe(2)
    expect(summary.errors).toEqual(['third'])
    expect(summary.message).toBe('2 more failures of kind upstream-timeout since the last report; the latest: third')
    expect(onError.mock.calls[1]![1]).toBe(last.request)
  })

  it('says "1 more failure" and quotes an Error by its message', () => {
    const { onError, report } = setup()
    report('config', new Error('no key'))
    const latest = new Error('still no key')
    report('config', latest)
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    const summary = summaryAt(onError, 1)
    expect(summary.message).toBe('1 more failure of kind config since the last report; the latest: still no key')
    expect(summary.errors).toEqual([latest])
    expect(summary.count).toBe(1)
  })

  it('reports at most once a second while the failures go on, each report counting only those since the last', () => {
    const { onError, report } = setup()
    report('rate-limit-store', new Error('0'))
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 5 + second; i++) report('rate-limit-store', new Error(`${second}.${i}`))
      vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    }
    expect(onError.mock.calls.map(([error]) => (error as RepeatedFailures).count)).toEqual([undefined, 5, 6, 7])
  })

  it('after a second without a failure of that kind, passes the next one as it is again', () => {
    const { onError, report } = setup()
    report('callback', new Error('a'))
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    expect(onError).toHaveBeenCalledOnce()
    const again = new Error('b')
    report('callback', again)
    expect(onError).toHaveBeenCalledTimes(2)
    expect(onError.mock.calls[1]![0]).toBe(again)
    // And a second after a summary with none since, too.
    report('callback', new Error('c'))
    vi.advanceTimersByTime(2 * REPORT_INTERVAL_MS)
    const after = new Error('d')
    report('callback', after)
    expect(onError.mock.calls.map(([error]) => error)).toEqual([expect.any(Error), again, expect.any(AggregateError), after])
  })

  it('keeps kinds apart: the first of each kind is told at once', () => {
    const { onError, report } = setup()
    const kinds = ['upstream-connection', 'upstream-timeout', 'upstream-reply', 'rate-limit-store', 'rate-limit-store-client', 'config', 'callback', 'unexpected'] as const
    for (const kind of kinds) report(kind, new Error(kind))
    for (const kind of kinds) report(kind, new Error(kind))
    expect(onError.mock.calls.map(([error]) => (error as Error).message)).toEqual([...kinds])
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    expect(onError.mock.calls.slice(kinds.length).map(([error]) => (error as RepeatedFailures).kind)).toEqual([...kinds])
  })

  it('neither tells nor counts the failure of a visitor who has gone', () => {
    const { onError, report } = setup()
    report('upstream-connection', new Error('gone'), callOf('http://app.test/gone', true).call)
    expect(onError).not.toHaveBeenCalled()
    const error = new Error('there')
    report('upstream-connection', error, callOf('http://app.test/there').call)
    expect(onError).toHaveBeenCalledWith(error, expect.any(Request))
    report('upstream-connection', new Error('gone'), callOf('http://app.test/gone', true).call)
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    expect(onError).toHaveBeenCalledOnce()
  })

  it('passes no request for a failure of no request (a store client event), nor for a summary whose latest had none', () => {
    const { onError, report } = setup()
    const error = new Error('ECONNREFUSED')
    report('rate-limit-store', error)
    expect(onError).toHaveBeenCalledWith(error, undefined)
    report('rate-limit-store', error, callOf('http://app.test/1').call)
    report('rate-limit-store', error)
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    expect(onError.mock.calls[1]).toEqual([expect.any(AggregateError), undefined])
  })

  it('survives an onError that throws, at once and in a summary, and goes on counting', () => {
    const { onError, report } = setup()
    onError.mockImplementation(() => {
      throw new Error('logger down')
    })
    expect(() => report('unexpected', new Error('a'))).not.toThrow()
    report('unexpected', new Error('b'))
    expect(() => vi.advanceTimersByTime(REPORT_INTERVAL_MS)).not.toThrow()
    report('unexpected', new Error('c'))
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    expect(onError).toHaveBeenCalledTimes(3)
    expect(summaryAt(onError, 2).count).toBe(1)
  })

  it('where the timer was dropped (a runtime that ties timers to a request), the next failure after the second reports the count', () => {
    const { onError, report } = setup()
    report('upstream-reply', new Error('a'))
    report('upstream-reply', new Error('b'))
    report('upstream-reply', new Error('c'))
    vi.clearAllTimers()
    vi.setSystemTime(REPORT_INTERVAL_MS - 1)
    report('upstream-reply', new Error('d'))
    expect(onError).toHaveBeenCalledOnce()
    vi.setSystemTime(REPORT_INTERVAL_MS)
    report('upstream-reply', new Error('e'))
    expect(onError).toHaveBeenCalledTimes(2)
    // The one that flushed is counted in the next report, not told on its own in the same instant.
    expect(summaryAt(onError, 1)).toMatchObject({ count: 3, errors: [new Error('d')] })
    vi.advanceTimersByTime(REPORT_INTERVAL_MS)
    expect(summaryAt(onError, 2)).toMatchObject({ count: 1, errors: [new Error('e')] })
  })

  it('a window flushed by a failure (its timer late) is not reported again when the timer fires', () => {
    const { onError, report } = setup()
    report('upstream-reply', new Error('a'))
    report('upstream-reply', new Error('b'))
    vi.setSystemTime(REPORT_INTERVAL_MS)
    report('upstream-reply', new Error('c'))
    expect(summaryAt(onError, 1)).toMatchObject({ count: 1, errors: [new Error('b')] })
    vi.advanceTimersByTime(2 * REPORT_INTERVAL_MS)
    expect(onError).toHaveBeenCalledTimes(3)
    expect(summaryAt(onError, 2)).toMatchObject({ count: 1, errors: [new Error('c')] })
  })

  it('where the timer was dropped and the kind went quiet, the next failure is passed as it is', () => {
    const { onError, report } = setup()
    report('upstream-reply', new Error('a'))
    vi.clearAllTimers()
    vi.setSystemTime(5 * REPORT_INTERVAL_MS)
    const next = new Error('b')
    report('upstream-reply', next)
    expect(onError.mock.calls.map(([error]) => error)).toEqual([expect.any(Error), next])
  })

  it('has a timer that does not keep a Node process alive', () => {
    const onError = vi.fn()
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    failureReports(onError)('unexpected', new Error('a'))
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(false)
    clearTimeout(timer)
  })

  it('works with a timer that is not an object (another runtime)', () => {
    vi.spyOn(globalThis, 'setTimeout').mockReturnValue(7 as unknown as NodeJS.Timeout)
    const onError = vi.fn()
    failureReports(onError)('unexpected', new Error('a'))
    expect(onError).toHaveBeenCalledOnce()
  })
})
