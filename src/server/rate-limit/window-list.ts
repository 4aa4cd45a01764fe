/** One client's fixed window, linked into the {@link WindowList}s it is in (the links are flat fields: fewer objects per client). */
export interface ClientWindow {
  readonly key: string
  count: number
  readonly resetAt: number
  /** Its neighbours among every tracked window, in the order they started (and so end: `windowMs` is fixed). */
  olderByStart: ClientWindow | undefined
  newerByStart: ClientWindow | undefined
  /** Its neighbours among the windows still under the limit, in the same order. */
  olderUnderLimit: ClientWindow | undefined
  newerUnderLimit: ClientWindow | undefined
}

type Order = 'ByStart' | 'UnderLimit'

/**
 * Client windows in the order they were added, with O(1) add, remove and oldest, linked through the window's
 * own fields for `order`, so one window can be in two lists at once. A Map's own order would do, but V8 leaves a hole
 * for each entry deleted from a Map's front until it rehashes, and every new iterator walks those holes:
 * reading the oldest entry after many evictions costs O(evictions), not O(1).
 *
 * @example
 * const list = new WindowList('ByStart')
 * list.add(window)
 * list.oldest // window
 */
export class WindowList {
  oldest: ClientWindow | undefined
  private newest: ClientWindow | undefined
  private readonly older: `older${Order}`
  private readonly newer: `newer${Order}`

  constructor(order: Order) {
    // Stryker disable next-line StringLiteral: a list works through any field name that differs from its other one
    this.older = `older${order}`
    this.newer = `newer${order}`
  }

  /** Adds `window` as the newest; it must not be in this list. */
  add(window: ClientWindow): void {
    window[this.older] = this.newest
    window[this.newer] = undefined
    if (this.newest) this.newest[this.newer] = window
    else this.oldest = window
    this.newest = window
  }

  /** Takes `window` out of this list, where it must be. */
  remove(window: ClientWindow): void {
    const older = window[this.older]
    const newer = window[this.newer]
    if (older) older[this.newer] = newer
    else this.oldest = newer
    if (newer) newer[this.older] = older
    else this.newest = older
    window[this.older] = window[this.newer] = undefined
  }
}
