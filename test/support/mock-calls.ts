import { expect, vi } from 'vitest'
import { isHotTaskError, type HotTaskError } from '../../src/core'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH, DEFAULT_BASE_URL } from '../../src/core/constants'

export const SESSION_URL = `${DEFAULT_BASE_URL}${CHAT_SESSION_PATH}`
export const MESSAGE_URL = `${DEFAULT_BASE_URL}${CHAT_MESSAGE_PATH}`
export const SERIAL_NUMBER = '3254a9d0-test-bot'

/** A raw JSON POST, as any client would send it, to check a mock's reply byte for byte. */
export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

/** A raw "Create Chat Session" request, as HotTask documents it. */
export const postSession = (body: unknown = { serialNumber: SERIAL_NUMBER }, url = SESSION_URL) => postJson(url, body)

/** A raw "Message a Chatbot" request, as HotTask documents it. */
export const postMessage = (body: unknown = { sessionID: 123456, content: 'hello', stream: false }, url = MESSAGE_URL) => postJson(url, body)

/** The `HotTaskError` that `promise` rejects with (the test fails if it resolves or rejects with something else). */
export async function hotTaskError(promise: Promise<unknown>): Promise<HotTaskError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!isHotTaskError(error)) throw new Error(`expected a HotTaskError, got ${String(error)}`)
  return error
}

/**
 * With fake timers: checks that `promise` is still pending `ms - 1` ms from now, lets the last millisecond pass,
 * and returns it, so a test sees that a mock waited exactly `ms` without waiting itself.
 *
 * @example
 * await expect(afterExactly(500, post())).resolves.toBeInstanceOf(Response)
 */
export async function afterExactly<T>(ms: number, promise: Promise<T>): Promise<T> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await vi.advanceTimersByTimeAsync(ms - 1)
  expect(settled, `settled before ${ms} ms`).toBe(false)
  await vi.advanceTimersByTimeAsync(1)
  return promise
}
