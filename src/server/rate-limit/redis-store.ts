import { assertCount, MAX_TIMER_MS } from '../../core/config'
import { configError } from '../../core/errors'
import { reportClientErrors } from './client-errors'
import { countInRedis, takeBackInRedis, toRateLimitHit, type CountedHit } from './counted-hit'
import { scriptRunnerOf, type RedisEvalClient, type ScriptRunner } from './redis-client'
import { REPORT_ERRORS_TO, storeErrors, type ReportingStore, type StoreErrors } from './store-errors'
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
   * so that a dead or paused Redis cannot hold requests: a client that queues commands while disconnected
   * (node-redis and ioredis do by default), or one whose Redis has stopped answering, would otherwise keep them
   * waiting until Redis is back. A hit that Redis still runs after this (a paused Redis catching up) is taken
   * back when its reply arrives, so the refused request uses up nothing.
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

function timeoutError(timeoutMs: number): Error {
  const error = new Error(`Redis did not answer the rate limiter within ${timeoutMs} ms.`)
  error.name = 'TimeoutError'
  return error
}

function lateHitError(cause: unknown): Error {
  return new Error(
    'Redis ran a rate-limit hit after the store had stopped waiting for it (the request was refused with 503), and taking it back failed: ' +
      'the client may have one hit too many counted until its window ends.',
    { cause },
  )
}

/**
 * Counts one hit, waiting at most `timeoutMs`. Past that the hit rejects (the request gets its 503), and if Redis
 * runs it later after all, `takeBack` is given what Redis counted; a late failure settles nothing and is dropped
 * (the request's refusal was reported already).
 */
function hitWithin(
  count: (stillWanted: () => boolean) => Promise<CountedHit>,
  timeoutMs: number,
  takeBack: (counted: CountedHit) => void,
): Promise<RateLimitHit> {
  let late = false
  const counting = count(() => !late)
  return new Promise<RateLimitHit>((resolve, reject) => {
    const timer = setTimeout(() => {
      late = true
      reject(timeoutError(timeoutMs))
    }, timeoutMs)
    counting.then(
      (counted) => {
        if (late) return takeBack(counted)
        clearTimeout(timer)
        resolve(toRateLimitHit(counted))
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/**
 * A {@link RateLimitStore} in Redis, so that several instances of your app share one count per client. It takes
 * your own client, node-redis (`redis` v4–v6) or ioredis, single node or cluster; react-hottask has no
 * dependency on either. Each hit is one round trip: a Lua script (`EVALSHA`, falling back to `EVAL` once when
 * Redis has not seen it) that counts and starts the window atomically, a fixed window starting at the client's
 * first counted request.
 *
 * If Redis fails, or does not answer within `timeoutMs`, the hit rejects and the handler refuses the request
 * with a 503 envelope (fail closed) and tells `onError`. Nothing is sent to HotTask unlimited. A hit that Redis
 * runs after `timeoutMs` (a paused or overloaded Redis catching up) is taken back when its reply arrives, in the
 * window it counted in: a refused request uses up nothing. Where the client has no `'error'` listener, the store
 * adds one, so that a lost connection cannot end the process; its errors go to the `onError` of the handler
 * made with this store. The client reconnects by itself, and the store works again as soon as it has.
 *
 * @example
 * import { createClient } from 'redis'
 * const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true })
 * redis.connect().catch(() => {}) // not awaited: the app starts while Redis is down; hits get 503 until it is up
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
  const errors = storeErrors()
  reportClientErrors(client, errors.report)
  return redisStore(run, prefix, timeoutMs, errors)
}

function redisStore(
  run: ScriptRunner,
  prefix: string,
  timeoutMs: number,
  errors: StoreErrors,
): RedisRateLimitStore {
  const store: RedisRateLimitStore & ReportingStore = {
    hit(key, windowMs) {
      const redisKey = prefix + key
      return hitWithin(
        (stillWanted) => countInRedis(run, redisKey, windowMs, stillWanted),
        timeoutMs,
        (counted) => void takeBackInRedis(run, redisKey, counted, windowMs).catch((error: unknown) => errors.report(lateHitError(error))),
      )
    },
    [REPORT_ERRORS_TO]: errors.attach,
  }
  return store
}
