import { MAX_RETRY_AFTER_MS } from './constants'
import { isHotTaskError } from './errors'

const INITIAL_DELAY_MS = 500
const MAX_DELAY_MS = 8_000

/**
 * The retry policy shared by the core client and `useChatSession`: how long to wait before retry number
 * `retriesSoFar + 1`, or `undefined` to give up.
 *
 * Only `retryable` errors are retried. A server's `Retry-After` is honoured up to 60 s (past that, waiting
 * is not worth it and the error is returned); otherwise the wait doubles from 0.5 s up to 8 s, less up to a
 * quarter at random so that many clients do not retry in step.
 */
export function retryDelayMs(error: unknown, retriesSoFar: number, maxRetries: number): number | undefined {
  if (retriesSoFar >= maxRetries || !isHotTaskError(error) || !error.retryable) return undefined
  const { retryAfterMs } = error
  if (retryAfterMs !== undefined) return retryAfterMs > MAX_RETRY_AFTER_MS ? undefined : retryAfterMs
  return Math.min(INITIAL_DELAY_MS * 2 ** retriesSoFar, MAX_DELAY_MS) * (1 - Math.random() * 0.25)
}
