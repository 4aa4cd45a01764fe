import { abortedError, sleep } from './abort'
import { assertCount } from './config'

/** A retry policy: how long to wait before retry number `retriesSoFar + 1`, or `undefined` to give up. */
export type RetryPolicy = (error: unknown, retriesSoFar: number, maxRetries: number) => number | undefined

/** Runs `attempt` until it succeeds, `policy` says to give up, or `signal` aborts (also while waiting). */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, maxRetries: number, signal: AbortSignal | undefined): Promise<T> {
  assertCount('maxRetries', maxRetries, 0)
  for (let retries = 0; ; retries++) {
    if (signal?.aborted) throw abortedError(signal)
    try {
      return await attempt()
    } catch (error) {
      const delay = policy(error, retries, maxRetries)
      if (delay === undefined) throw error
      await sleep(delay, signal)
    }
  }
}
