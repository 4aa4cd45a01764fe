import { raceAbort } from './abort'

interface SharedRun<T> {
  promise: Promise<T>
  controller: AbortController
  callers: number
}

/**
 * Lets concurrent calls with the same key share one run of the work. Each caller's signal rejects only that
 * caller's promise; the run's own signal aborts when every caller has aborted. Once the run settles (or every
 * caller has left it), the next call with that key starts a new one.
 *
 * Calls whose key is unique (e.g. a fresh `Symbol()`) never share, so one code path serves both modes.
 */
export function createInFlight<T>() {
  const runs = new Map<unknown, SharedRun<T>>()
  const forget = (key: unknown, run: SharedRun<T>) => runs.get(key) === run && runs.delete(key)

  function start(key: unknown, work: (signal: AbortSignal) => Promise<T>): SharedRun<T> {
    const controller = new AbortController()
    const run = { controller, callers: 0, promise: Promise.resolve(controller.signal).then(work) }
    const settled = () => forget(key, run)
    run.promise.then(settled, settled)
    runs.set(key, run)
    return run
  }

  return function share(key: unknown, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = runs.get(key) ?? start(key, work)
    run.callers++
    return raceAbort(run.promise, signal, () => {
      if (--run.callers > 0) return
      forget(key, run)
      run.controller.abort(signal?.reason)
    })
  }
}
