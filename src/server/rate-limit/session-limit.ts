import { configError } from '../../core/errors'
import type { IncomingCall } from '../checks/incoming-call'
import { refusal, type EnvelopeAnswer } from '../checks/refusal'
import { countedKey } from './counted-key'
import { countHit, type RateLimitContext } from './count-hit'
import type { ResolvedRateLimit } from './resolve'
import { sessionLimitKey } from './store-key'

/** Longer keys are refused: a key is kept in memory for a whole window, and a header can be kilobytes long. */
export const MAX_CLIENT_KEY_LENGTH = 256

function describeKey(key: unknown): string {
  if (typeof key === 'string') return key === '' ? 'an empty string' : `a key of ${key.length} characters (at most ${MAX_CLIENT_KEY_LENGTH})`
  return key === undefined ? 'undefined' : `a ${key === null ? 'null' : typeof key} instead of a string`
}

function unidentifiedError(rateLimit: ResolvedRateLimit, key: unknown) {
  if (!rateLimit.clientKey)
    return configError(
      'rateLimit cannot tell who the client is: this runtime gives the handler no client address (only toNodeHandler does). ' +
        "Set rateLimit.clientKey to read your platform's trustworthy client address, e.g. (request) => request.headers.get('x-real-ip') " +
        'on Vercel. Until then every request is refused with 500.',
    )
  return configError(`rateLimit.clientKey returned ${describeKey(key)}, so the request was refused with 500.`)
}

/**
 * Counts a "Create Chat Session" call against its client's limit (`rateLimit`): `undefined` lets it go on to
 * HotTask, an answer refuses it. A client over its limit gets a 429 envelope; a client that cannot be identified
 * a 500 (and `onError` is told, as kind `config`); a throwing `clientKey` a 500; a failing store a 503 (see
 * {@link countHit}). Call it only for requests that would reach HotTask: every call is counted.
 *
 * @example
 * const limited = options.rateLimit && (await checkSessionRateLimit(options.rateLimit, options, call))
 * if (limited) return limited
 */
export async function checkSessionRateLimit(rateLimit: ResolvedRateLimit, context: RateLimitContext, call: IncomingCall): Promise<EnvelopeAnswer | undefined> {
  const { version } = context
  let key: unknown
  try {
    // Without a clientKey, the socket's address (toNodeHandler): no Request needs building for it.
    key = rateLimit.clientKey ? await rateLimit.clientKey(call.request()) : call.address()
  } catch (error) {
    context.report('callback', error, call)
    return refusal(500, 'The server failed to identify the client.', version)
  }
  if (typeof key !== 'string' || key === '' || key.length > MAX_CLIENT_KEY_LENGTH) {
    context.report('config', unidentifiedError(rateLimit, key), call)
    return refusal(500, 'The server cannot identify the client, so it cannot apply its rate limit.', version)
  }
  return await countHit(rateLimit, context, call, sessionLimitKey(countedKey(key)), 'chat sessions from this client')
}
