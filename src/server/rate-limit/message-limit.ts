import type { IncomingCall } from '../checks/incoming-call'
import type { EnvelopeAnswer } from '../checks/refusal'
import { countHit, type RateLimitContext } from './count-hit'
import type { ResolvedRateLimit } from './resolve'
import { messageLimitKey } from './store-key'

/**
 * Counts a message against its chat session's limit (`messageRateLimit`), by the session id its token vouches for:
 * no client identity is needed, so this works on every runtime. `undefined` lets the message go on to HotTask; a
 * session over its limit gets a 429 envelope with `Retry-After`, a failing store a 503. Call it only for messages
 * that would reach HotTask: every call is counted.
 *
 * @example
 * const limited = options.messageRateLimit && (await checkMessageRateLimit(options.messageRateLimit, options, call, sessionId))
 * if (limited) return limited
 */
export function checkMessageRateLimit(rateLimit: ResolvedRateLimit, context: RateLimitContext, call: IncomingCall, sessionId: number): EnvelopeAnswer | undefined | Promise<EnvelopeAnswer | undefined> {
  return countHit(rateLimit, context, call, messageLimitKey(sessionId), 'messages in this chat session')
}
