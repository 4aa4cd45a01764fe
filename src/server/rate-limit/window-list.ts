/** One client's fixed window, linked into the {@link WindowList} it is in. */
export interface ClientWindow {
  readonly key: string
  count: number
  readonly resetAt: number
  previous: ClientWindow | undefined
  next: ClientWindow | undefined
}

/**
 * Client windows in the order they were added, with O(1) add, remove and oldest. A Map's own order would do,
 * but V8 leaves a hole for each entry deleted from a Map's front until it rehashes, and every new iterator
 * walks those holes: reading the oldest entry after many evictions costs O(evictions), not O(1).
 *
 * @example
 * const list = new WindowList()
 * list.add(window)
 * list.oldest // window
 */
export class WindowList {
  oldest: ClientWindow | undefined
  private newest: ClientWindow | undefined

  /** Adds `window` as the newest; it must not be in a list. */
  add(window: ClientWindow): void {
    window.previous = this.newest
    window.next = undefined
    if (this.newest) this.newest.next = window
    else this.oldest = window
    this.newest = window
  }

  /** Takes `window` out of this list, where it must be. */
  remove(window: ClientWindow): void {
    if (window.previous) window.previous.next = window.next
    else this.oldest = window.next
    if (window.next) window.next.previous = window.previous
    else this.newest = window.previous
    window.previous = window.next = undefined
  }
}
