import { raceAbort } from './abort'

interface SharedRun<T> {
  promise: Promise<T>
  controller: AbortController
  callers: number
}

/**
 * Lets concurrent calls with the same key share one run of the work. Each caller's signal rejects only that
 * caller's promise; the run's controller aborts when every caller has aborted. Once the run settles (or every
 * caller has left it), the next call with that key starts a new one.
 *
 * Calls whose key is unique (e.g. a fresh `Symbol()`) never share, so one code path serves both modes.
 */
export function createInFlight<T>() {
  const runs = new Map<unknown, SharedRun<T>>()

  return function share(key: unknown, work: (controller: AbortController) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // A run leaves the map when it settles or its last caller aborts, unless a newer run has taken its key.
    const forget = (run: SharedRun<T>) => runs.get(key) === run && runs.delete(key)
    let run = runs.get(key)
    if (!run) {
      const controller = new AbortController()
      const started: SharedRun<T> = { controller, callers: 0, promise: Promise.resolve(controller).then(work).finally(() => forget(started)) }
      runs.set(key, (run = started))
    }
    const joined = run
    joined.callers++
    return raceAbort(joined.promise, signal, () => {
      if (--joined.callers) return
      forget(joined)
      joined.controller.abort(signal!.reason)
    })
  }
}
