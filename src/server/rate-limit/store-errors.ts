import type { RateLimitStore } from './types'

/** Told about an error of a store's own, one that no request is waiting for. */
export type StoreErrorReporter = (error: unknown) => void

/**
 * The key of the method by which a handler gives a store its reporter: not part of {@link RateLimitStore}, so
 * custom stores need nothing of it. `Symbol.for`, so that a store and a handler from two copies of the package
 * (one loaded as ESM, one as CommonJS) still find each other.
 */
export const REPORT_ERRORS_TO = Symbol.for('react-hottask.rateLimitStore.reportErrorsTo')

/** A store with errors of its own to tell: its Redis client's `'error'` events, a hit it failed to take back. */
export interface ReportingStore extends RateLimitStore {
  [REPORT_ERRORS_TO](report: StoreErrorReporter): void
}

/**
 * Gives `report` to `store` if it has errors of its own to tell; any other store is left alone.
 *
 * @example
 * reportStoreErrorsTo(options.rateLimit.store, (error) => onError(error, request))
 */
export function reportStoreErrorsTo(store: RateLimitStore, report: StoreErrorReporter): void {
  const attach = (store as Partial<ReportingStore>)[REPORT_ERRORS_TO]
  if (typeof attach === 'function') attach.call(store, report)
}

/** A store's own errors: `report` tells whoever is attached, `attach` sets who that is (a handler's `onError`). */
export interface StoreErrors {
  report: StoreErrorReporter
  attach(report: StoreErrorReporter): void
}

/**
 * Where a store sends its own errors: to the reporter last given to it (the newest handler made with it), and
 * before any, the first error to `console.error` and the rest nowhere, so that a store no handler uses cannot
 * fill a log.
 *
 * @example
 * const errors = storeErrors()
 * errors.report(new Error('ECONNREFUSED')) // console.error, this once
 * errors.attach((error) => onError(error, request))
 */
export function storeErrors(): StoreErrors {
  let told = false
  let reporter: StoreErrorReporter = (error) => {
    if (told) return
    told = true
    console.error('[react-hottask/server] the Redis rate-limit store failed (no handler uses it yet, so only this first error is logged):', error)
  }
  return {
    report: (error) => reporter(error),
    attach: (report) => void (reporter = report),
  }
}
