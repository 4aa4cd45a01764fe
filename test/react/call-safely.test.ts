import { afterEach, expect, it, vi } from 'vitest'
import { callSafely } from '../../src/react/chat/call-safely'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

it('calls the callback, and reports nothing when it returns', () => {
  const reportError = vi.fn()
  vi.stubGlobal('reportError', reportError)
  const callback = vi.fn()
  callSafely(callback)
  expect(callback).toHaveBeenCalledTimes(1)
  expect(reportError).not.toHaveBeenCalled()
})

it('hands what the callback throws to reportError where there is one, and does not throw', () => {
  const reportError = vi.fn()
  vi.stubGlobal('reportError', reportError)
  const thrown = new Error('bug')
  expect(() =>
    callSafely(() => {
      throw thrown
    }),
  ).not.toThrow()
  expect(reportError).toHaveBeenCalledWith(thrown)
})

it('without reportError (Node, jsdom), throws it again from a microtask, as an uncaught error', () => {
  vi.stubGlobal('reportError', undefined)
  const queued = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation(() => {})
  const thrown = new Error('bug')
  callSafely(() => {
    throw thrown
  })
  expect(queued).toHaveBeenCalledTimes(1)
  expect(queued.mock.calls[0]![0]).toThrow(thrown)
})
