import { isHotTaskError, type HotTaskError } from '../../src/core'

/** A raw JSON POST, as any client would send it, to check a mock's reply byte for byte. */
export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

/** The `HotTaskError` that `promise` rejects with (the test fails if it resolves or rejects with something else). */
export async function hotTaskError(promise: Promise<unknown>): Promise<HotTaskError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!isHotTaskError(error)) throw new Error(`expected a HotTaskError, got ${String(error)}`)
  return error
}

/** Tracks whether `promise` has settled, to check a delay with fake timers instead of waiting for it. */
export function track<T>(promise: Promise<T>) {
  const state = { settled: false, promise }
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  )
  return state
}
