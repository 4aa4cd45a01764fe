import type { IncomingCall } from '../checks/incoming-call'
import { isPending } from '../checks/pending'
import { refusal, type EnvelopeAnswer } from '../checks/refusal'
import type { ReportFailure } from '../checks/failure-reports'
import type { ResolvedRateLimit } from './resolve'
import type { RateLimitHit } from './types'

/** What counting needs of the handler's other options. */
export interface RateLimitContext {
  report: ReportFailure
  version: string
}

const isHit = (value: unknown): value is RateLimitHit =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RateLimitHit).count === 'number' &&
  !Number.isNaN((value as RateLimitHit).count) &&
  Number.isFinite((value as RateLimitHit).resetAt)

/** The 429 for a key over its limit, with the wait until its window ends (`Retry-After` in whole seconds, at least 1). */
function tooMany({ limit, windowMs }: ResolvedRateLimit, what: string, resetAt: number, version: string): EnvelopeAnswer {
  const waitMs = Math.max(1, Math.ceil(resetAt - Date.now()))
  const seconds = Math.ceil(waitMs / 1000)
  const message = `Too many ${what}: the limit is ${limit} per ${windowMs / 1000} s. Try again in ${seconds} s.`
  return refusal(429, message, version, { 'retry-after': String(seconds), 'retry-after-ms': String(waitMs) })
}

/**
 * Counts one hit of `key` in `rateLimit`'s store: `undefined` lets the call go on, a 429 envelope refuses one over
 * the limit (its message says `Too many ${what}: …`), and a store that fails, or answers something else than
 * `{ count, resetAt }` numbers, a 503 (fail closed: an outage of the store does not turn the limit off; `onError`
 * is told). Every call is counted, so call it only for calls that would reach HotTask. The verdict itself for a
 * store that answers synchronously (the memory store), else its promise.
 *
 * @example
 * const limited = await countHit(rateLimit, options, call, messageLimitKey(sessionId), 'messages in this chat session')
 */
export function countHit(
  rateLimit: ResolvedRateLimit,
  context: RateLimitContext,
  call: IncomingCall,
  key: string,
  what: string,
): EnvelopeAnswer | undefined | Promise<EnvelopeAnswer | undefined> {
  const unavailable = (error: unknown) => {
    context.report('rate-limit-store', error, call)
    return refusal(503, 'The rate limiter is unavailable; try again shortly.', context.version)
  }
  const verdict = (hit: unknown) => {
    if (!isHit(hit)) return unavailable(new TypeError(`${rateLimit.name}.store.hit must return { count, resetAt } numbers, got ${hit === null ? 'null' : typeof hit}.`))
    return hit.count > rateLimit.limit ? tooMany(rateLimit, what, hit.resetAt, context.version) : undefined
  }
  let hit: unknown
  try {
    hit = rateLimit.store.hit(key, rateLimit.windowMs)
  } catch (error) {
    return unavailable(error)
  }
  return isPending(hit) ? Promise.resolve(hit).then(verdict, unavailable) : verdict(hit)
}
