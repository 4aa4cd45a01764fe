import type { ResolvedHandlerOptions } from '../options'
import { reportStoreErrorsTo } from './store-errors'

/**
 * The URL of the request that `onError` is given with a store's own error (a Redis client's `'error'` event, a
 * late hit that could not be taken back): no visitor's request is behind those, and `onError` always gets one.
 * The `.invalid` top-level domain is reserved: it names no host.
 */
export const STORE_ERROR_URL = 'http://react-hottask.invalid/rate-limit-store'

/**
 * Sends the errors of the handler's rate-limit stores that no request is waiting for to the handler's `onError`
 * (with a stand-in `GET` {@link STORE_ERROR_URL} request), for stores that have such errors
 * (`createRedisRateLimitStore`); other stores are left alone. A store used by several handlers tells the newest.
 *
 * @example
 * reportStoreErrors(resolveHandlerOptions(options))
 */
export function reportStoreErrors({ rateLimit, messageRateLimit, onError }: Pick<ResolvedHandlerOptions, 'rateLimit' | 'messageRateLimit' | 'onError'>): void {
  const reportStoreError = (error: unknown) => onError(error, new Request(STORE_ERROR_URL))
  for (const limit of [rateLimit, messageRateLimit]) if (limit) reportStoreErrorsTo(limit.store, reportStoreError)
}
