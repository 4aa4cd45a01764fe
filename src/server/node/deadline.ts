interface Pending {
  readonly at: number
  readonly onExpire: () => void
  previous: Pending | undefined
  next: Pending | undefined
}

type Timer = ReturnType<typeof setTimeout>

/**
 * Deadlines of one length, kept in the order they were set, which is the order they end in: one timer, armed
 * for the first, serves them all. A deadline stopped early is unlinked at once, so nothing outlives its request.
 */
function deadlinesOf(ms: number) {
  let first: Pending | undefined
  let last: Pending | undefined
  let timer: Timer | undefined
  let armedAt = 0

  const unlink = (entry: Pending) => {
    if (entry.previous) entry.previous.next = entry.next
    else first = entry.next
    if (entry.next) entry.next.previous = entry.previous
    else last = entry.previous
    entry.previous = entry.next = undefined
  }
  const arm = (now: number, delay: number) => {
    timer = setTimeout(expire, delay)
    armedAt = now
    // A server that has closed need not wait for this: a pending request keeps Node running by its socket.
    if (typeof timer === 'object') timer.unref?.()
  }
  function expire() {
    timer = undefined
    const now = Date.now()
    while (first && first.at <= now) {
      const entry = first
      unlink(entry)
      entry.onExpire()
    }
    if (first) arm(now, first.at - now)
  }

  return (onExpire: () => void): (() => void) => {
    const now = Date.now()
    const entry: Pending = { at: now + ms, onExpire, previous: last, next: undefined }
    if (last) last.next = entry
    else first = entry
    last = entry
    // A timer that should long have fired was lost (a test's fake timers were uninstalled): arm a real one.
    // Clearing no timer changes nothing, so this needs no check that there is one.
    if (now < armedAt || now - armedAt > ms + 1000) {
      clearTimeout(timer)
      timer = undefined
    }
    if (timer === undefined) arm(now, ms)
    return () => {
      // Not in the list once it has expired or been stopped.
      if (entry.previous || first === entry) unlink(entry)
    }
  }
}

const deadlinesByLength = new Map<number, (onExpire: () => void) => () => void>()

/**
 * Calls `onExpire` after `ms` unless the returned function is called first, like `setTimeout`/`clearTimeout`.
 * Deadlines of the same length share one timer: at thousands of requests a second, a Node timer of each
 * request's own (created, listed, cleared) costs more than the rest of the handler's checks. For Node only:
 * edge runtimes tie a timer to the request that set it, so there each request keeps its own.
 *
 * @example
 * const stop = startSharedDeadline(options.bodyTimeoutMs, () => body.abort())
 * try { return await sent.reply } finally { stop() }
 */
export function startSharedDeadline(ms: number, onExpire: () => void): () => void {
  let start = deadlinesByLength.get(ms)
  if (!start) deadlinesByLength.set(ms, (start = deadlinesOf(ms)))
  return start(onExpire)
}
