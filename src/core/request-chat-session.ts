import { isBrowser } from './browser'
import { assertKeyStaysPrivate, type ResolvedConfig } from './config'
import { MAX_REPLY_BYTES } from './constants'
import { configError, HotTaskError } from './errors'
import { readBoundedBody, type BoundedBody } from './read-bounded-body'
import { readChatSession } from './read-chat-session'
import { serverText } from './server-text'
import type { ChatSession } from './types'
import { chatSessionUrl } from './url'

/**
 * One attempt at "Create Chat Session", cancelled through `controller`: by the timer after
 * `config.timeoutMs` (a `timeout` error), or by the callers' aborts (who have stopped listening by then).
 * At most 64 KiB of the reply is read: a larger one is `invalid-response`, and a stalled one ends at the timer.
 */
export async function requestChatSession(config: ResolvedConfig, serialNumber: string, controller: AbortController): Promise<ChatSession> {
  const url = config.url ?? chatSessionUrl(config.baseUrl)
  let headers: Headers
  try {
    headers = new Headers(typeof config.headers === 'function' ? await config.headers() : config.headers)
  } catch (cause) {
    throw configError('the headers option failed to give valid headers.', cause)
  }
  // A headers function is only seen now: its Authorization gets the check a static one had.
  assertKeyStaysPrivate({ ...config, headers }, isBrowser())
  headers.set('content-type', 'application/json')
  if (config.apiKey) headers.set('authorization', config.apiKey)
  const timer = setTimeout(() => controller.abort(), config.timeoutMs)
  let response: Response
  let body: BoundedBody
  try {
    response = await (config.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ serialNumber }),
      signal: controller.signal,
    })
    body = await readBoundedBody(response, MAX_REPLY_BYTES, controller.signal)
    if (body.status === 'aborted') throw controller.signal.reason
  } catch (cause) {
    const details = { cause, secret: config.apiKey }
    throw controller.signal.aborted
      ? new HotTaskError('timeout', `HotTask did not reply within ${config.timeoutMs} ms (${url}).`, details)
      : new HotTaskError('network', `Could not reach HotTask at ${url}: ${serverText((cause as Error | null)?.message) || 'fetch failed'}`, details)
  } finally {
    clearTimeout(timer)
  }
  const { status } = response
  if (body.status === 'too-large')
    throw new HotTaskError('invalid-response', `HotTask replied (HTTP ${status}) with over 64 KiB.`, { status })
  return readChatSession(response, new TextDecoder().decode(body.bytes), serialNumber, config.apiKey)
}
