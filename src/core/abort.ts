import { HotTaskError } from './errors'

/** The `aborted` error a caller gets when its own signal aborts. */
export function abortedError(signal: AbortSignal): HotTaskError {
  return new HotTaskError('aborted', 'The HotTask request was aborted.', { cause: signal.reason })
}

/**
 * Settles like `promise`, or rejects with an `aborted` error as soon as `signal` aborts, whichever comes
 * first; `onAbort` runs when the abort wins. The work behind `promise` is not cancelled here. Without a
 * signal, `promise` itself (no race to run: a call without a signal pays for no wrapper).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      reject(abortedError(signal))
      onAbort()
    }
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort)
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

/** Waits `ms`, or rejects with an `aborted` error when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return raceAbort(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal, () => clearTimeout(timer))
}
