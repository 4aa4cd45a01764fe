import type { IncomingCall } from './incoming-call'

/**
 * What went wrong, as the handler sorts its failures for `onError`: failures of one kind are reported at most
 * once a second (see {@link RepeatedFailures}).
 *
 * - `upstream-connection`: HotTask could not be reached, or its connection broke before the reply was complete (502).
 * - `upstream-timeout`: HotTask did not reply within `timeoutMs` (sessions) or `messageTimeoutMs` (messages) (504).
 * - `upstream-reply`: HotTask replied with what cannot be relayed: a 2xx that is not the API's envelope (HTML,
 *   malformed JSON, over 64 KiB), an unexpected status, an envelope nested too deeply (502); or with an error status
 *   that is not the envelope (a load balancer's HTML 503), relayed with that status in the handler's envelope.
 * - `rate-limit-store`: the rate-limit store failed or answered nonsense (503).
 * - `rate-limit-store-client`: a rate-limit store's client reported an error of its own (a Redis client's `'error'`
 *   event, a late hit that could not be taken back): no request is behind it, so `onError` gets no request.
 * - `config`: no usable key, a client the rate limit cannot identify (500).
 * - `callback`: `authorize`, the `allowedSerialNumbers` function or `clientKey` threw (500).
 * - `unexpected`: anything else (500).
 *
 * @example
 * const kind: FailureKind = 'upstream-timeout'
 */
export type FailureKind =
  | 'upstream-connection'
  | 'upstream-timeout'
  | 'upstream-reply'
  | 'rate-limit-store'
  | 'rate-limit-store-client'
  | 'config'
  | 'callback'
  | 'unexpected'

/**
 * What `onError` gets in place of failures of one kind that follow its last report within a second: an
 * `AggregateError` whose `errors` holds the latest of them, with their number (`count`) and their `kind`. The
 * first failure of a kind is passed as it is; those within the next second are counted, and a second after that
 * report, if any came, one `RepeatedFailures` says how many, and so on each second while they keep coming. After a
 * second without one, the next failure of that kind is passed as it is again.
 *
 * @example
 * onError: (error, request) => {
 *   if (error instanceof AggregateError && 'count' in error) log.warn(`${(error as RepeatedFailures).count} × ${(error as RepeatedFailures).kind}`)
 *   else log.error(error, request?.url)
 * }
 */
export interface RepeatedFailures extends AggregateError {
  /** The kind of every failure counted. */
  readonly kind: FailureKind
  /** The failures of this kind since the last report: refused requests, or a store client's error events. */
  readonly count: number
}

/**
 * Tells `onError` about one failure of `kind`, throttled (see {@link RepeatedFailures}); `call` is the request
 * it refused, if any. A failure of a visitor who has gone is not an error: it is neither reported nor counted.
 *
 * @example
 * options.report('upstream-timeout', new Error('HotTask did not reply within 15000 ms.'), call)
 * options.report('rate-limit-store-client', redisError) // a client's 'error' event: no request
 */
export type ReportFailure = (kind: FailureKind, error: unknown, call?: IncomingCall) => void

/** At most one report per kind of failure in this many ms. */
export const REPORT_INTERVAL_MS = 1000

interface Window {
  /** When the last report of this kind was made. */
  since: number
  count: number
  latest: unknown
  latestCall: IncomingCall | undefined
  timer: ReturnType<typeof setTimeout> | undefined
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error))

function repeatedFailures(kind: FailureKind, { count, latest }: Window): RepeatedFailures {
  const failures = count === 1 ? '1 more failure' : `${count} more failures`
  const message = `${failures} of kind ${kind} since the last report; the latest: ${describeError(latest)}`
  return Object.assign(new AggregateError([latest], message), { kind, count })
}

/**
 * The handler's {@link ReportFailure}, which calls `onError` (never letting it throw): the first failure of a kind
 * at once, then at most one report a second of that kind. The count pending is flushed by a timer that does not
 * keep a Node process alive, or, where a runtime drops a timer with the request that set it (Workers), by the
 * next failure of that kind once the second has passed.
 *
 * @example
 * const report = failureReports((error, request) => console.error(error, request?.url))
 * report('upstream-connection', error, call)
 */
export function failureReports(onError: (error: unknown, request: Request | undefined) => void): ReportFailure {
  const windows = new Map<FailureKind, Window>()

  const tell = (error: unknown, call: IncomingCall | undefined) => {
    try {
      onError(error, call?.request())
    } catch {
      // A failing logger must not turn a clean refusal into a crash.
    }
  }
  const open = (kind: FailureKind) => {
    const window: Window = { since: Date.now(), count: 0, latest: undefined, latestCall: undefined, timer: undefined }
    window.timer = setTimeout(() => flush(kind, window), REPORT_INTERVAL_MS)
    // Stryker disable next-line ConditionalExpression,OptionalChaining: Node's timers are objects with unref; the check is for runtimes whose are numbers
    if (typeof window.timer === 'object') window.timer.unref?.()
    windows.set(kind, window)
  }
  /** Ends `kind`'s window: reports what it counted, if anything, and opens the next one for that report. */
  function flush(kind: FailureKind, window: Window) {
    // Flushed by a failure, its timer must not end the next window too.
    clearTimeout(window.timer)
    windows.delete(kind)
    if (window.count === 0) return
    open(kind)
    tell(repeatedFailures(kind, window), window.latestCall)
  }

  return (kind, error, call) => {
    if (call?.isGone()) return
    const pending = windows.get(kind)
    // The timer's work, where it did not run: a runtime dropped it, or the event loop was held up.
    if (pending && Date.now() - pending.since >= REPORT_INTERVAL_MS) flush(kind, pending)
    const window = windows.get(kind)
    if (window) {
      window.count++
      window.latest = error
      window.latestCall = call
      return
    }
    open(kind)
    tell(error, call)
  }
}
