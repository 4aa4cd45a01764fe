import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { reportClientErrors } from '../../../src/server/rate-limit/client-errors'
import { REPORT_ERRORS_TO, reportStoreErrorsTo, storeErrors } from '../../../src/server/rate-limit/store-errors'

const hit = () => ({ count: 1, resetAt: 0 })

describe('reportStoreErrorsTo: how a handler gives a store its reporter', () => {
  it('calls the store’s own method under the shared symbol, on the store, with the reporter', () => {
    const attach = vi.fn()
    const store = { hit, [REPORT_ERRORS_TO]: attach }
    const report = vi.fn()
    reportStoreErrorsTo(store, report)
    expect(attach).toHaveBeenCalledExactlyOnceWith(report)
    expect(attach.mock.contexts[0]).toBe(store)
  })

  it('is found by Symbol.for, so a store and a handler from two copies of the package meet', () => {
    expect(REPORT_ERRORS_TO).toBe(Symbol.for('react-hottask.rateLimitStore.reportErrorsTo'))
  })

  it.each([
    ['a store without the method', { hit }],
    ['a store whose symbol-keyed property is not a function', { hit, [REPORT_ERRORS_TO]: 'not a function' }],
  ])('leaves %s alone', (_name, store) => {
    expect(() => reportStoreErrorsTo(store, vi.fn())).not.toThrow()
  })
})

describe('storeErrors: where a store’s own errors go', () => {
  it('before any reporter: the first error to console.error, the rest nowhere', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const errors = storeErrors()
    const first = new Error('ECONNREFUSED')
    errors.report(first)
    errors.report(new Error('again'))
    expect(log).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^\[react-hottask\/server\] the Redis rate-limit store failed \(no handler uses it yet/), first)
  })

  it('once a reporter is attached: every error to it, none to the console', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const errors = storeErrors()
    const report = vi.fn()
    errors.attach(report)
    errors.report('one')
    errors.report('two')
    expect(report.mock.calls).toEqual([['one'], ['two']])
    expect(log).not.toHaveBeenCalled()
  })

  it('the reporter attached last is told (the newest handler made with the store)', () => {
    const errors = storeErrors()
    const older = vi.fn()
    const newer = vi.fn()
    errors.attach(older)
    errors.attach(newer)
    errors.report('boom')
    expect(older).not.toHaveBeenCalled()
    expect(newer).toHaveBeenCalledExactlyOnceWith('boom')
  })

  it('keeps each store’s console line apart: a second store logs its own first error', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    storeErrors().report('a')
    storeErrors().report('b')
    expect(log).toHaveBeenCalledTimes(2)
  })
})

describe('reportClientErrors: no unhandled error event from the user’s client', () => {
  it('adds a listener to an emitter with none, which passes each error on', () => {
    const client = new EventEmitter()
    const report = vi.fn()
    expect(reportClientErrors(client, report)).toBe(true)
    expect(client.listenerCount('error')).toBe(1)
    const error = new Error('Socket closed unexpectedly')
    expect(() => client.emit('error', error)).not.toThrow()
    expect(report).toHaveBeenCalledExactlyOnceWith(error)
  })

  it('leaves an emitter that has a listener alone', () => {
    const client = new EventEmitter()
    const own = vi.fn()
    client.on('error', own)
    const report = vi.fn()
    expect(reportClientErrors(client, report)).toBe(false)
    expect(client.listenerCount('error')).toBe(1)
    client.emit('error', new Error('x'))
    expect(own).toHaveBeenCalledTimes(1)
    expect(report).not.toHaveBeenCalled()
  })

  it('stays quiet while a listener added later by the user handles the errors, and speaks again once it is gone', () => {
    const client = new EventEmitter()
    const report = vi.fn()
    reportClientErrors(client, report)
    const own = vi.fn()
    client.on('error', own)
    client.emit('error', 'while the user listens')
    expect(own).toHaveBeenCalledTimes(1)
    expect(report).not.toHaveBeenCalled()
    client.off('error', own)
    client.emit('error', 'alone again')
    expect(report).toHaveBeenCalledExactlyOnceWith('alone again')
  })

  it.each([
    ['an object that is no emitter', { evalSha: () => {} }],
    ['an object with on but no listenerCount', { on: vi.fn() }],
    ['an object with listenerCount but no on', { listenerCount: () => 0 }],
  ])('adds nothing to %s', (_name, client) => {
    expect(reportClientErrors(client, vi.fn())).toBe(false)
    if ('on' in client) expect(client.on).not.toHaveBeenCalled()
  })
})
