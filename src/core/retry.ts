import { MAX_RETRY_AFTER_MS } from './constants'
import { isHotTaskError, type HotTaskError } from './errors'

const INITIAL_DELAY_MS = 500
const MAX_DELAY_MS = 8_000

// One random factor per failure: callers that shared one failed attempt (a double click) wait exactly
// as long as each other, so their retries meet in one shared attempt again instead of creating two sessions.
const jitters = new WeakMap<object, number>()
function jitterOf(error: object): number {
  let jitter = jitters.get(error)
  if (jitter === undefined) jitters.set(error, (jitter = 1 - Math.random() * 0.25))
  return jitter
}

/**
 * How long to wait before retry number `retriesSoFar + 1` after `error`: the server's `Retry-After` (at most
 * 60 s), or else a wait that doubles from 0.5 s up to 8 s, less up to a quarter at random so that many
 * clients do not retry in step.
 */
export function retryWaitMs(error: unknown, retriesSoFar: number): number {
  const retryAfterMs = isHotTaskError(error) ? error.retryAfterMs : undefined
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)
  return Math.min(INITIAL_DELAY_MS * 2 ** retriesSoFar, MAX_DELAY_MS) * jitterOf(Object(error))
}

/**
 * The retry policy shared by the core client and `useChatSession`: how long to wait before retry number
 * `retriesSoFar + 1`, or `undefined` to give up. Only `retryable` errors are retried, at most `maxRetries`
 * times; a `Retry-After` over 60 s returns the error instead of waiting.
 */
export function retryDelayMs(error: unknown, retriesSoFar: number, maxRetries: number): number | undefined {
  const retryable = isHotTaskError(error) && error.retryable && retriesSoFar < maxRetries
  if (!retryable || ((error as HotTaskError).retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) return undefined
  return retryWaitMs(error, retriesSoFar)
}

// A message is not idempotent: only refusals that say the work was not done are tried again.
const MESSAGE_RETRY_STATUSES = [429, 503]

/**
 * The retry policy of messages (`sendMessage`, `useSendMessage`): like {@link retryDelayMs}, but only an `http`
 * 429 or 503 is retried, since any other failure may have reached HotTask, which spends credits and adds the
 * message to the conversation each time. A timeout, a network error or another 5xx is returned at once.
 */
export function messageRetryDelayMs(error: unknown, retriesSoFar: number, maxRetries: number): number | undefined {
  const delay = retryDelayMs(error, retriesSoFar, maxRetries)
  if (delay === undefined) return undefined
  // Only a HotTaskError gets a delay, and only an `http` one may say the message was not taken.
  const { kind, status = 0 } = error as HotTaskError
  return kind === 'http' && MESSAGE_RETRY_STATUSES.includes(status) ? delay : undefined
}
