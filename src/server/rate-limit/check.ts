import { configError } from '../../core/errors'
import type { IncomingCall } from '../checks/incoming-call'
import { refusal, type EnvelopeAnswer } from '../checks/refusal'
import { report } from '../checks/report'
import { countedKey } from './counted-key'
import type { ResolvedRateLimit } from './resolve'
import type { RateLimitHit } from './types'

/** Longer keys are refused: a key is kept in memory for a whole window, and a header can be kilobytes long. */
export const MAX_CLIENT_KEY_LENGTH = 256

/** What {@link checkRateLimit} needs of the handler's other options. */
export interface RateLimitContext {
  onError: (error: unknown, request: Request) => void
  version: string
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return key === '' ? 'an empty string' : `a key of ${key.length} characters (at most ${MAX_CLIENT_KEY_LENGTH})`
  return key === undefined ? 'undefined' : `a ${key === null ? 'null' : typeof key} instead of a string`
}

function unidentifiedError(rateLimit: ResolvedRateLimit, key: unknown) {
  if (!rateLimit.clientKey)
    return configError(
      'rateLimit cannot tell who the client is: this runtime gives the handler no client address (only toNodeHandler does). ' +
        "Set rateLimit.clientKey to read your platform's trustworthy client address, e.g. (request) => request.headers.get('x-real-ip') " +
        'on Vercel. Until then every request is refused with 500. This is reported once.',
    )
  return configError(`rateLimit.clientKey returned ${describeKey(key)}, so the request was refused with 500. This is reported once.`)
}

const isHit = (value: unknown): value is RateLimitHit =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RateLimitHit).count === 'number' &&
  !Number.isNaN((value as RateLimitHit).count) &&
  Number.isFinite((value as RateLimitHit).resetAt)

/** The 429 for a client over its limit, with the wait until its window ends (`Retry-After` in whole seconds, at least 1). */
function tooManyRequests({ limit, windowMs }: ResolvedRateLimit, resetAt: number, version: string): EnvelopeAnswer {
  const waitMs = Math.max(1, Math.ceil(resetAt - Date.now()))
  const seconds = Math.ceil(waitMs / 1000)
  const message = `Too many chat sessions from this client: the limit is ${limit} per ${windowMs / 1000} s. Try again in ${seconds} s.`
  return refusal(429, message, version, { 'retry-after': String(seconds), 'retry-after-ms': String(waitMs) })
}

/**
 * Counts the request against its client's limit: `undefined` lets it go on to HotTask, an answer refuses it.
 * A client over its limit gets a 429 envelope; a client that cannot be identified a 500 (and `onError` is told
 * once per handler); a throwing `clientKey` a 500; a failing store a 503 (fail closed: an outage of the store
 * does not turn the limit off). Call it only for requests that would reach HotTask: every call is counted.
 *
 * @example
 * const limited = options.rateLimit && (await checkRateLimit(options.rateLimit, options, call))
 * if (limited) return limited
 */
export async function checkRateLimit(rateLimit: ResolvedRateLimit, context: RateLimitContext, call: IncomingCall): Promise<EnvelopeAnswer | undefined> {
  const { version } = context
  let key: unknown
  try {
    // Without a clientKey, the socket's address (toNodeHandler): no Request needs building for it.
    key = rateLimit.clientKey ? await rateLimit.clientKey(call.request()) : call.address()
  } catch (error) {
    report(context, call, error)
    return refusal(500, 'The server failed to identify the client.', version)
  }
  if (typeof key !== 'string' || key === '' || key.length > MAX_CLIENT_KEY_LENGTH) {
    // Reported once, so not for a visitor who has left: onError would drop it, and the once would be spent.
    if (!call.isGone()) rateLimit.once(() => report(context, call, unidentifiedError(rateLimit, key)))
    return refusal(500, 'The server cannot identify the client, so it cannot apply its rate limit.', version)
  }
  let hit: unknown
  try {
    hit = await rateLimit.store.hit(countedKey(key), rateLimit.windowMs)
    if (!isHit(hit)) throw new TypeError(`rateLimit.store.hit must return { count, resetAt } numbers, got ${hit === null ? 'null' : typeof hit}.`)
  } catch (error) {
    report(context, call, error)
    return refusal(503, 'The rate limiter is unavailable; try again shortly.', version)
  }
  return hit.count > rateLimit.limit ? tooManyRequests(rateLimit, hit.resetAt, version) : undefined
}
