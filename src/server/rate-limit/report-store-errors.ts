import type { ResolvedHandlerOptions } from '../options'
import { reportStoreErrorsTo } from './store-errors'

/**
 * Sends the errors of the handler's rate-limit stores that no request is waiting for (a Redis client's `'error'`
 * event, a late hit that could not be taken back) to the handler's throttled `onError`, as kind
 * `rate-limit-store-client` and with no request, for stores that have such errors (`createRedisRateLimitStore`);
 * other stores are left alone. A store used by several handlers tells the newest.
 *
 * @example
 * reportStoreErrors(resolveHandlerOptions(options))
 */
export function reportStoreErrors({ rateLimit, messageRateLimit, report }: Pick<ResolvedHandlerOptions, 'rateLimit' | 'messageRateLimit' | 'report'>): void {
  const reportStoreError = (error: unknown) => report('rate-limit-store-client', error)
  for (const limit of [rateLimit, messageRateLimit]) if (limit) reportStoreErrorsTo(limit.store, reportStoreError)
}
