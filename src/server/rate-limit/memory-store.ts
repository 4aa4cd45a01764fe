import type { RateLimitHit, RateLimitStore } from './types'

/** How many clients the default store tracks at most; see {@link createMemoryStore}. */
export const DEFAULT_MAX_CLIENTS = 100_000

/** Expired windows dropped per hit, from the oldest: bounds one hit's work, and still outruns the one entry a hit adds. */
const SWEEP_PER_HIT = 64

interface Window {
  count: number
  resetAt: number
}

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The limiter's limit: a client with this many hits in its window is never forgotten before the window ends. */
  limit: number
  /** The most clients tracked at once. Default {@link DEFAULT_MAX_CLIENTS}. */
  maxClients?: number
  /** The clock, in epoch ms. Default `Date.now`. */
  now?: () => number
}

/** Drops up to `max` expired windows from the front of `windows` (the oldest first), stopping at a live one. */
function sweep(windows: Map<string, Window>, now: number, max: number): void {
  for (const [key, window] of windows) {
    if (window.resetAt > now || max-- <= 0) return
    windows.delete(key)
  }
}

/**
 * The default store: fixed windows in this process's memory, bounded however many clients arrive.
 *
 * Clients are kept in two maps, each in insertion order: `counting` (under the limit, in the order their
 * windows started) and `blocked` (at the limit, in the order they reached it). Each hit drops a few expired
 * windows from the front of both. When `maxClients` are tracked and a new client arrives, the client under the
 * limit whose window started first is forgotten: that hands it back at most the few hits it had used, and a
 * flood of new clients only ever pushes out clients that were still under the limit. A blocked client is never
 * forgotten before its window ends, so no flood of other addresses can buy it a fresh limit. If every tracked
 * client is blocked, the new one is refused (its `count` is `Infinity`) until the first blocked window ends:
 * by then `maxClients × limit` sessions have been created in one window, and the key is what we protect.
 *
 * @example
 * const store = createMemoryStore({ limit: 10 })
 * store.hit('203.0.113.7', 60_000) // { count: 1, resetAt: now + 60_000 }
 */
export function createMemoryStore({ limit, maxClients = DEFAULT_MAX_CLIENTS, now = Date.now }: MemoryStoreOptions): RateLimitStore & {
  /** How many clients are tracked now. */
  readonly size: number
} {
  const counting = new Map<string, Window>()
  const blocked = new Map<string, Window>()

  /** Makes room for one new client; false when every tracked client is blocked. */
  function makeRoom(): boolean {
    if (counting.size + blocked.size < maxClients) return true
    const oldest = counting.keys().next()
    if (oldest.done) return false
    counting.delete(oldest.value)
    return true
  }

  function hit(key: string, windowMs: number): RateLimitHit {
    const time = now()
    sweep(counting, time, SWEEP_PER_HIT)
    sweep(blocked, time, SWEEP_PER_HIT)
    let window = blocked.get(key)
    if (window && window.resetAt > time) return { count: ++window.count, resetAt: window.resetAt }
    if (window) blocked.delete(key)
    window = counting.get(key)
    if (window && window.resetAt <= time) {
      counting.delete(key)
      window = undefined
    }
    if (!window) {
      if (!makeRoom()) {
        const first = blocked.values().next()
        return { count: Number.POSITIVE_INFINITY, resetAt: first.done ? time + windowMs : first.value.resetAt }
      }
      window = { count: 0, resetAt: time + windowMs }
      counting.set(key, window)
    }
    if (++window.count >= limit) {
      counting.delete(key)
      blocked.set(key, window)
    }
    return { count: window.count, resetAt: window.resetAt }
  }

  return {
    hit,
    get size() {
      return counting.size + blocked.size
    },
  }
}
