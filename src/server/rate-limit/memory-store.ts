import type { RateLimitHit, RateLimitStore } from './types'
import { WindowList, type ClientWindow } from './window-list'

/** How many clients the default store tracks at most; see {@link createMemoryStore}. */
export const DEFAULT_MAX_CLIENTS = 100_000

/** Expired windows dropped per hit, from the oldest: bounds one hit's work, and still outruns the one window a hit adds. */
const SWEEP_PER_HIT = 128

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The limiter's limit: a client with this many hits in its window is never forgotten before the window ends. */
  limit: number
  /** The most clients tracked at once. Default {@link DEFAULT_MAX_CLIENTS}. */
  maxClients?: number
  /** The clock, in epoch ms. Default `Date.now`. */
  now?: () => number
}

/**
 * The default store: fixed windows in this process's memory, bounded however many clients arrive.
 *
 * Every tracked window is in `all`, in the order the windows started, which is the order they end; a window
 * whose client is under the limit is also in `underLimit`, in the same order. Each hit drops a few expired
 * windows from the old end of `all`. When `maxClients` are tracked and a new client arrives, the client under
 * the limit whose window started first is forgotten: that hands it back at most the few hits it had used, and a
 * flood of new clients only ever pushes out clients that were still under the limit. A client at its limit is
 * never forgotten before its window ends, so no flood of other addresses can buy it a fresh limit. If every
 * tracked client is at its limit, the new one is refused (its `count` is `Infinity`) until the oldest window
 * ends: by then `maxClients × limit` sessions have been created in one window, and the key's budget is what the
 * limit protects.
 *
 * @example
 * const store = createMemoryStore({ limit: 10 })
 * store.hit('203.0.113.7', 60_000) // { count: 1, resetAt: now + 60_000 }
 */
export function createMemoryStore({ limit, maxClients = DEFAULT_MAX_CLIENTS, now = Date.now }: MemoryStoreOptions): RateLimitStore & {
  hit(key: string, windowMs: number): RateLimitHit
  /** How many clients are tracked now. */
  readonly size: number
} {
  const windows = new Map<string, ClientWindow>()
  // Stryker disable StringLiteral: any two different names link the two lists through fields of their own
  const all = new WindowList('ByStart')
  const underLimit = new WindowList('UnderLimit')
  // Stryker restore StringLiteral

  function forget(window: ClientWindow): void {
    all.remove(window)
    if (window.count < limit) underLimit.remove(window)
    windows.delete(window.key)
  }

  function sweep(time: number): void {
    for (let budget = SWEEP_PER_HIT; budget > 0 && all.oldest && all.oldest.resetAt <= time; budget--) forget(all.oldest)
  }

  /** Makes room for one new client; false when every tracked client is at its limit. */
  function makeRoom(): boolean {
    if (windows.size < maxClients) return true
    if (!underLimit.oldest) return false
    forget(underLimit.oldest)
    return true
  }

  function hit(key: string, windowMs: number): RateLimitHit {
    const time = now()
    sweep(time)
    let window = windows.get(key)
    if (window && window.resetAt <= time) {
      forget(window)
      window = undefined
    }
    if (!window) {
      // No room means every tracked client (so at least one) is at its limit: the oldest window ends first.
      if (!makeRoom()) return { count: Number.POSITIVE_INFINITY, resetAt: all.oldest!.resetAt }
      window = { key, count: 0, resetAt: time + windowMs, olderByStart: undefined, newerByStart: undefined, olderUnderLimit: undefined, newerUnderLimit: undefined }
      windows.set(key, window)
      all.add(window)
      underLimit.add(window)
    }
    if (++window.count === limit) underLimit.remove(window)
    return { count: window.count, resetAt: window.resetAt }
  }

  return {
    hit,
    get size() {
      return windows.size
    },
  }
}
