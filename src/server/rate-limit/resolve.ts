import { assertCount, MAX_TIMER_MS } from '../../core/config'
import { configError } from '../../core/errors'
import { createMemoryStore } from './memory-store'
import type { MessageRateLimitOptions, RateLimitClientKey, RateLimitOptions, RateLimitStore } from './types'

/**
 * A rate-limit option (`rateLimit`, `messageRateLimit`), checked, with its defaults filled in.
 *
 * @example
 * const { limit, store } = resolveRateLimit({ limit: 10, windowMs: 60_000 })!
 */
export interface ResolvedRateLimit {
  /** The option's name, for the messages that name it. */
  name: 'rateLimit' | 'messageRateLimit'
  limit: number
  windowMs: number
  /**
   * The user's `clientKey`; `undefined` means the socket's address (`toNodeHandler`), and an unidentified
   * client then means a Fetch runtime, not a bug of the user's. Always `undefined` for messages.
   */
  clientKey: RateLimitClientKey | undefined
  store: RateLimitStore
}

/** `messageRateLimit` when it is left out: 20 messages per session per minute. */
export const DEFAULT_MESSAGE_RATE_LIMIT = { limit: 20, windowMs: 60_000 } as const

function checked(name: ResolvedRateLimit['name'], option: RateLimitOptions): ResolvedRateLimit {
  const { limit, windowMs, clientKey, store } = option
  assertCount(`${name}.limit`, limit, 1)
  assertCount(`${name}.windowMs`, windowMs, 1, MAX_TIMER_MS)
  if (clientKey !== undefined && typeof clientKey !== 'function')
    throw configError(`${name}.clientKey must be a function (request) => string | undefined.`)
  if (store !== undefined && typeof (store as { hit?: unknown } | null)?.hit !== 'function')
    throw configError(`${name}.store must be an object with a hit(key, windowMs) function, such as createRedisRateLimitStore(client).`)
  return { name, limit, windowMs, clientKey, store: store ?? createMemoryStore({ limit }) }
}

/**
 * Checks the `rateLimit` option when the handler is made: `undefined` stays off, anything unusable throws a
 * `config` error (a bad `limit` or `windowMs`, a `store` without a `hit` function, a `clientKey` that is not a
 * function, an option that is not an object). Without a `store`, each handler gets its own memory store.
 *
 * @example
 * resolveRateLimit({ limit: 0, windowMs: 60_000 }) // throws HotTaskError (kind 'config')
 */
export function resolveRateLimit(option: RateLimitOptions | undefined): ResolvedRateLimit | undefined {
  if (option === undefined) return undefined
  if (typeof option !== 'object' || option === null)
    throw configError('rateLimit must be an object such as { limit: 10, windowMs: 60_000 }, or left out.')
  return checked('rateLimit', option)
}

/**
 * Checks the `messageRateLimit` option when the handler is made, as {@link resolveRateLimit} does `rateLimit`:
 * left out it is {@link DEFAULT_MESSAGE_RATE_LIMIT} in a memory store of this handler's own, `false` turns it
 * off, and a `clientKey` is a `config` error, since messages are counted per chat session.
 *
 * @example
 * resolveMessageRateLimit(undefined) // 20 per 60 s
 * resolveMessageRateLimit(false) // undefined: off
 */
export function resolveMessageRateLimit(option: MessageRateLimitOptions | false | undefined): ResolvedRateLimit | undefined {
  if (option === false) return undefined
  if (option === undefined) return checked('messageRateLimit', DEFAULT_MESSAGE_RATE_LIMIT)
  if (typeof option !== 'object' || option === null)
    throw configError('messageRateLimit must be an object such as { limit: 20, windowMs: 60_000 }, false to turn it off, or left out.')
  if ('clientKey' in option && option.clientKey !== undefined)
    throw configError('messageRateLimit takes no clientKey: messages are counted per chat session (the session id its token vouches for).')
  return checked('messageRateLimit', option)
}
