/**
 * One counted request, as a {@link RateLimitStore} reports it: the hits of this key in its current window
 * (this one included), and when that window ends (epoch ms).
 *
 * @example
 * const hit: RateLimitHit = { count: 3, resetAt: Date.now() + 41_000 }
 */
export interface RateLimitHit {
  /** The hits of the key in its current window, this one included. */
  count: number
  /** When the window ends, in epoch ms. */
  resetAt: number
}

/**
 * Where the rate limiter keeps its counts. The default keeps them in this process's memory; to share one
 * count between several instances of your app, use {@link createRedisRateLimitStore} or write your own.
 * A store that throws, rejects or answers something else than a {@link RateLimitHit} makes the handler
 * refuse the request with a 503 envelope (fail closed) and tell `onError`.
 *
 * @example
 * const store: RateLimitStore = {
 *   async hit(key, windowMs) {
 *     const { count, ttlMs } = await myCounter.increment(key, windowMs)
 *     return { count, resetAt: Date.now() + ttlMs }
 *   },
 * }
 */
export interface RateLimitStore {
  /**
   * Counts one hit for `key` in its current window (a window of `windowMs` starts with the first hit after
   * the last one ended) and returns the hits so far in it, this one included, and when it ends (epoch ms).
   */
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>
}

/**
 * Says who the client of a request is, for counting: a non-empty string (at most 256 characters) such as an
 * address read from your platform's trustworthy header or a user id. An IPv6 address is counted by its /64
 * network, since one visitor may use every address in it. `undefined` or `''` means the client
 * cannot be identified, and the request is refused with a 500 envelope rather than let through unlimited.
 *
 * @example
 * const clientKey: RateLimitClientKey = (request) => request.headers.get('cf-connecting-ip') ?? undefined
 */
export type RateLimitClientKey = (request: Request) => string | undefined | Promise<string | undefined>

/**
 * The `rateLimit` option of {@link createHotTaskHandler}: at most `limit` sessions per client per window of
 * `windowMs` (a fixed window that starts at the client's first counted request). Only requests that would
 * reach HotTask are counted; one over the limit gets a 429 envelope with `Retry-After` and `retry-after-ms`.
 *
 * @example
 * rateLimit: { limit: 10, windowMs: 60_000 }   // under toNodeHandler: the client is the socket's address
 * rateLimit: { limit: 10, windowMs: 60_000, clientKey: (request) => request.headers.get('x-real-ip') ?? undefined } // Vercel
 */
export interface RateLimitOptions {
  /** Sessions one client may create per window: a whole number, at least 1. */
  limit: number
  /** The window, in ms (whole number, at least 1). Keep it at 60 s or less, so browsers wait instead of failing. */
  windowMs: number
  /**
   * Who the client is. Default: the TCP peer address that {@link toNodeHandler} saw ({@link clientAddress}),
   * IPv6 counted by its /64 network. Fetch runtimes give no address, so there this is needed.
   */
  clientKey?: RateLimitClientKey
  /** Where counts live. Default: in memory, this process only, at most 100,000 clients tracked. */
  store?: RateLimitStore
}

/**
 * The `messageRateLimit` option of {@link createHotTaskHandler}: at most `limit` messages per chat session per
 * window of `windowMs` (a fixed window that starts at the session's first counted message), counted by the
 * session id that the message's token vouches for, so no client identity is needed. Only messages that would
 * reach HotTask are counted; one over the limit gets a 429 envelope with `Retry-After` and `retry-after-ms`.
 *
 * @example
 * messageRateLimit: { limit: 20, windowMs: 60_000 }   // the default
 * messageRateLimit: { limit: 20, windowMs: 60_000, store: createRedisRateLimitStore(redis) } // shared by instances
 */
export interface MessageRateLimitOptions {
  /** Messages one chat session may send per window: a whole number, at least 1. */
  limit: number
  /** The window, in ms (whole number, at least 1). */
  windowMs: number
  /**
   * Where counts live. Default: in memory, this process only, a store of this handler's own. One store may serve
   * both `rateLimit` and `messageRateLimit`: the keys the handler gives it never collide.
   */
  store?: RateLimitStore
}
