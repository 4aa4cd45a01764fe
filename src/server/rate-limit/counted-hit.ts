import type { ScriptRunner } from './redis-client'
import { HIT_SCRIPT, HIT_SCRIPT_SHA1, TAKE_BACK_SCRIPT, TAKE_BACK_SCRIPT_SHA1 } from './redis-script'
import { runScript } from './run-script'
import type { RateLimitHit } from './types'

/** One hit as Redis counted it: the key's count, the ms left in its window, and the window's end on Redis's clock. */
export interface CountedHit {
  count: number
  msLeft: number
  windowEnd: number
}

const notAHit = () => new TypeError('Redis answered the rate-limit script with something else than [count, ms left, window end].')

/**
 * Counts one hit of `key` in Redis ({@link HIT_SCRIPT}). `stillWanted` is asked before a second command (the
 * script's text after NOSCRIPT): a hit nobody waits for any more is not sent again.
 *
 * @example
 * const { count, msLeft } = await countInRedis(run, 'react-hottask:rate-limit:203.0.113.7', 60_000)
 */
export async function countInRedis(run: ScriptRunner, key: string, windowMs: number, stillWanted?: () => boolean): Promise<CountedHit> {
  const reply = await runScript(run, { text: HIT_SCRIPT, sha1: HIT_SCRIPT_SHA1 }, key, [String(windowMs)], stillWanted)
  if (!Array.isArray(reply)) throw notAHit()
  // Numbers, or their strings with ioredis's `stringNumbers` option.
  const [count, msLeft, windowEnd] = (reply as unknown[]).map((value) => (typeof value === 'string' ? Number(value) : value))
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(msLeft) || !Number.isSafeInteger(windowEnd)) throw notAHit()
  return { count, msLeft, windowEnd } as CountedHit
}

/**
 * What the handler is told of a counted hit: its count, and its window's end on this app's clock (the ms left,
 * from now), so that every instance says the same `Retry-After` whatever its clock.
 */
export const toRateLimitHit = ({ count, msLeft }: CountedHit): RateLimitHit => ({ count, resetAt: Date.now() + msLeft })

/**
 * Takes back a hit that Redis ran after the store had stopped waiting for it ({@link TAKE_BACK_SCRIPT}): one
 * `DECR`, only in the window the hit counted in, never below 0. Resolves whether it took one back (false when that
 * window has ended, or the key holds no count).
 *
 * @example
 * await takeBackInRedis(run, key, counted, 60_000)
 */
export async function takeBackInRedis(run: ScriptRunner, key: string, { windowEnd }: CountedHit, windowMs: number): Promise<boolean> {
  const reply = await runScript(run, { text: TAKE_BACK_SCRIPT, sha1: TAKE_BACK_SCRIPT_SHA1 }, key, [String(windowEnd), String(windowMs)])
  return Number(reply) === 1
}
