import { assertCount, MAX_TIMER_MS } from '../../core/config'
import { configError } from '../../core/errors'
import { scriptRunnerOf, type RedisEvalClient, type ScriptRunner } from './redis-client'
import { HIT_SCRIPT, HIT_SCRIPT_SHA1 } from './redis-script'
import type { RateLimitHit, RateLimitStore } from './types'

/**
 * Options of {@link createRedisRateLimitStore}.
 *
 * @example
 * const options: RedisRateLimitStoreOptions = { prefix: 'shop-a:rate-limit:', timeoutMs: 500 }
 */
export interface RedisRateLimitStoreOptions {
  /**
   * Put before each client key to make the Redis key. Default `'react-hottask:rate-limit:'`. Give two handlers
   * with different limits their own prefix, or they count into one window.
   */
  prefix?: string
  /**
   * How long a request waits for Redis before it is refused with a 503 envelope, in ms. Default 1000. A backstop
   * so that a dead Redis cannot hold requests: a client that queues commands while disconnected (node-redis and
   * ioredis do by default) would otherwise keep them waiting until Redis is back.
   */
  timeoutMs?: number
}

/**
 * What {@link createRedisRateLimitStore} returns: a {@link RateLimitStore} whose `hit` is always async.
 *
 * @example
 * const { count, resetAt } = await store.hit('203.0.113.7', 60_000)
 */
export interface RedisRateLimitStore extends RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitHit>
}

const DEFAULT_PREFIX = 'react-hottask:rate-limit:'
const DEFAULT_TIMEOUT_MS = 1_000

/** Redis forgot the script (restart, `SCRIPT FLUSH`, another node of a cluster): send its text once. */
const isNoScript = (error: unknown) => error instanceof Error && error.message.startsWith('NOSCRIPT')

async function hitInRedis(run: ScriptRunner, key: string, windowMs: number): Promise<RateLimitHit> {
  const argument = String(windowMs)
  let reply: unknown
  try {
    reply = await run.evalSha(HIT_SCRIPT_SHA1, key, argument)
  } catch (error) {
    if (!isNoScript(error)) throw error
    reply = await run.eval(HIT_SCRIPT, key, argument)
  }
  const notAHit = () => new TypeError('Redis answered the rate-limit script with something else than [count, ms left].')
  if (!Array.isArray(reply)) throw notAHit()
  // Numbers, or their strings with ioredis's `stringNumbers` option.
  const [count, msLeft] = (reply as unknown[]).map((value) => (typeof value === 'string' ? Number(value) : value))
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(msLeft)) throw notAHit()
  return { count: count as number, resetAt: Date.now() + (msLeft as number) }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new Error(`Redis did not answer the rate limiter within ${timeoutMs} ms.`)
      error.name = 'TimeoutError'
      reject(error)
    }, timeoutMs)
    // A late answer or failure after the timeout settles nothing, and is not left unhandled either.
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    )
  })
}

/**
 * A {@link RateLimitStore} in Redis, so that several instances of your app share one count per client. It takes
 * your own connected client, node-redis (`redis` v4–v6) or ioredis, single node or cluster; react-hottask has no
 * dependency on either. Each hit is one round trip: a Lua script (`EVALSHA`, falling back to `EVAL` once when
 * Redis has not seen it) that counts and starts the window atomically, a fixed window starting at the client's
 * first counted request.
 *
 * If Redis fails, or does not answer within `timeoutMs`, the hit rejects and the handler refuses the request
 * with a 503 envelope (fail closed) and tells `onError`. Nothing is sent to HotTask unlimited.
 *
 * @example
 * import { createClient } from 'redis'
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * createHotTaskHandler({ apiKey, allowedSerialNumbers, rateLimit: { limit: 10, windowMs: 60_000, store: createRedisRateLimitStore(redis) } })
 *
 * @example
 * import Redis from 'ioredis'
 * const store = createRedisRateLimitStore(new Redis(process.env.REDIS_URL, { enableOfflineQueue: false }))
 */
export function createRedisRateLimitStore(client: RedisEvalClient, options: RedisRateLimitStoreOptions = {}): RedisRateLimitStore {
  const run = scriptRunnerOf(client)
  if (!run)
    throw configError('createRedisRateLimitStore needs a Redis client from the `redis` (node-redis v4–v6) or `ioredis` package.')
  const { prefix = DEFAULT_PREFIX, timeoutMs = DEFAULT_TIMEOUT_MS } = options ?? {}
  if (typeof prefix !== 'string') throw configError('the Redis store prefix must be a string.')
  assertCount('the Redis store timeoutMs', timeoutMs, 1, MAX_TIMER_MS)
  return {
    hit: (key, windowMs) => withTimeout(hitInRedis(run, prefix + key, windowMs), timeoutMs),
  }
}
