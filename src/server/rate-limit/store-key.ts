/**
 * The keys the handler gives a {@link RateLimitStore}, made so that one store (one Redis) can serve both limits:
 * a message key is `message:<session id>`, and a session key is the client's counted key as it is, unless it
 * starts with `message:` or `session:`, which then gets `session:` put before it. So no session key is ever a
 * message key, and no two clients share a key: a key starting with `session:` is only ever a prefixed one.
 */

const MESSAGE = 'message:'
const SESSION = 'session:'

/**
 * The store key of a client's session count: `clientKey` itself (what a custom store has always seen), or
 * `session:` + it when it starts with `message:` or `session:` (see this file's head).
 *
 * @example
 * sessionLimitKey('203.0.113.7') // '203.0.113.7'
 * sessionLimitKey('message:7') // 'session:message:7'
 */
export const sessionLimitKey = (clientKey: string): string =>
  clientKey.startsWith(MESSAGE) || clientKey.startsWith(SESSION) ? SESSION + clientKey : clientKey

/**
 * The store key of a chat session's message count.
 *
 * @example
 * messageLimitKey(123456) // 'message:123456'
 */
export const messageLimitKey = (sessionId: number): string => MESSAGE + sessionId
