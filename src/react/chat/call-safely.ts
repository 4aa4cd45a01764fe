/**
 * Calls one of the app's callbacks (`onReply`, `onError`). One that throws is the app's bug, not the
 * conversation's: its error is reported as an uncaught one is (`reportError` where there is one, as in browsers,
 * else thrown from a microtask), and the conversation goes on as if the callback had returned. So an answered
 * message never turns failed (and is never sent again by a retry), and `sendMessage` never throws or rejects.
 *
 * @example
 * callSafely(() => callbacks.onReply?.(reply, answer))
 */
export function callSafely(callback: () => void): void {
  try {
    callback()
  } catch (error) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(error)
    else
      queueMicrotask(() => {
        throw error
      })
  }
}
