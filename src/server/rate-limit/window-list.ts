/** A window's place in one {@link WindowList}. */
export interface WindowLinks {
  previous: ClientWindow | undefined
  next: ClientWindow | undefined
}

/** One client's fixed window, linked into the {@link WindowList}s it is in (one per kind of link). */
export interface ClientWindow {
  readonly key: string
  count: number
  readonly resetAt: number
  /** Its place among every tracked window, in the order they started (and so end: `windowMs` is fixed). */
  readonly byStart: WindowLinks
  /** Its place among the windows still under the limit, in the same order. */
  readonly underLimit: WindowLinks
}

/**
 * Client windows in the order they were added, with O(1) add, remove and oldest, linked through the window's
 * `links` field, so one window can be in two lists at once. A Map's own order would do, but V8 leaves a hole
 * for each entry deleted from a Map's front until it rehashes, and every new iterator walks those holes:
 * reading the oldest entry after many evictions costs O(evictions), not O(1).
 *
 * @example
 * const list = new WindowList('byStart')
 * list.add(window)
 * list.oldest // window
 */
export class WindowList {
  oldest: ClientWindow | undefined
  private newest: ClientWindow | undefined

  constructor(private readonly links: 'byStart' | 'underLimit') {}

  /** Adds `window` as the newest; it must not be in this list. */
  add(window: ClientWindow): void {
    const links = window[this.links]
    links.previous = this.newest
    links.next = undefined
    if (this.newest) this.newest[this.links].next = window
    else this.oldest = window
    this.newest = window
  }

  /** Takes `window` out of this list, where it must be. */
  remove(window: ClientWindow): void {
    const { previous, next } = window[this.links]
    if (previous) previous[this.links].next = next
    else this.oldest = next
    if (next) next[this.links].previous = previous
    else this.newest = previous
    window[this.links].previous = window[this.links].next = undefined
  }
}
