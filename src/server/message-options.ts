import { assertCount, MAX_TIMER_MS } from '../core/config'
import { DEFAULT_MESSAGE_TIMEOUT_MS, MAX_MESSAGE_LENGTH } from '../core/constants'
import { configError } from '../core/errors'
import { sessionKeyring, type SessionKeyring } from './calls/session-key'
import { resolveMessageRateLimit, type ResolvedRateLimit } from './rate-limit/resolve'
import type { MessageRateLimitOptions } from './rate-limit/types'

const DAY_MS = 86_400_000
/** A session secret shorter than this is refused: it must be as hard to guess as a 128-bit key. */
const MIN_SESSION_SECRET_LENGTH = 32
const DEFAULT_MAX_MESSAGE_LENGTH = 4_000

/**
 * The options of {@link createHotTaskHandler} for messages (HotTask's "Message a Chatbot", `…/chat/Chat/ClientAsk`).
 * The handler forwards a message only with the session token it issued for that chat session when it relayed
 * the session's creation, so no visitor can write into another's conversation.
 *
 * @example
 * const options: MessageOptions = { sessionSecret: process.env.HOTTASK_SESSION_SECRET, maxMessageLength: 2_000 }
 */
export interface MessageOptions {
  /**
   * The key that session tokens are signed with (HMAC-SHA256): at least 32 characters, e.g. the output of
   * `openssl rand -base64 32`. Give every instance of the app the same one. Default: a key derived from the API
   * key in use, so instances with the same API key accept each other's tokens and rotating the API key ends the
   * old ones; with a secret of its own, a token outlives a rotation of the API key, and changing the secret ends
   * every token.
   */
  sessionSecret?: string
  /** How long a session token lets messages in, in ms: a whole number from 1 to 366 days. Default 24 hours. */
  sessionTtlMs?: number
  /**
   * The longest message forwarded, in characters (as `string.length` counts them): a whole number from 1 to
   * `MAX_MESSAGE_LENGTH` (16,384). Default 4,000. A longer one is refused with 400.
   */
  maxMessageLength?: number
  /** How long the one upstream attempt of a message may take before the handler answers 504, in ms. Default 60000. */
  messageTimeoutMs?: number
  /**
   * Caps the messages of one chat session: default 20 per minute, in a memory store of this handler's own;
   * `false` turns it off. Counted only for messages that would reach HotTask; over it, a 429 envelope with
   * `Retry-After`. See {@link MessageRateLimitOptions}.
   */
  messageRateLimit?: MessageRateLimitOptions | false
}

/**
 * The message options, checked, with defaults filled in and the token keys ready to be derived.
 *
 * @example
 * const { maxMessageLength } = resolveMessageOptions({}) // 4000
 */
export interface ResolvedMessageOptions {
  /** The key of each call's session tokens: from `sessionSecret`, else derived from the API key in use. */
  keyring: SessionKeyring
  sessionTtlMs: number
  maxMessageLength: number
  messageTimeoutMs: number
  /** `undefined` when `messageRateLimit` is `false`. */
  messageRateLimit?: ResolvedRateLimit
}

/**
 * Checks the message options once, when the handler is made, and throws a `config` error for any that cannot work.
 *
 * @example
 * resolveMessageOptions({ sessionSecret: 'short' }) // throws HotTaskError (kind 'config')
 */
export function resolveMessageOptions(options: MessageOptions): ResolvedMessageOptions {
  const { sessionSecret, sessionTtlMs = DAY_MS, maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH, messageTimeoutMs = DEFAULT_MESSAGE_TIMEOUT_MS } = options
  if (sessionSecret !== undefined && (typeof sessionSecret !== 'string' || sessionSecret.length < MIN_SESSION_SECRET_LENGTH))
    throw configError(
      `sessionSecret must be a string of at least ${MIN_SESSION_SECRET_LENGTH} characters (e.g. from \`openssl rand -base64 32\`), ` +
        'or left out to derive the token key from the API key.',
    )
  assertCount('sessionTtlMs', sessionTtlMs, 1, 366 * DAY_MS)
  assertCount('maxMessageLength', maxMessageLength, 1, MAX_MESSAGE_LENGTH)
  assertCount('messageTimeoutMs', messageTimeoutMs, 1, MAX_TIMER_MS)
  return {
    keyring: sessionKeyring(sessionSecret),
    sessionTtlMs,
    maxMessageLength,
    messageTimeoutMs,
    messageRateLimit: resolveMessageRateLimit(options.messageRateLimit),
  }
}
