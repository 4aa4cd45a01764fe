import { isBrowser } from './browser'
import { assertKeyStaysPrivate, type CallPath, type ResolvedConfig } from './config'
import { MAX_REPLY_BYTES } from './constants'
import { configError, HotTaskError } from './errors'
import { readBoundedBody, type BoundedBody } from './read-bounded-body'
import { serverText } from './server-text'

const utf8 = new TextDecoder()

/** HotTask's reply to one attempt: the response, and its body as text (at most 64 KiB were read). */
export interface HotTaskReply {
  response: Response
  text: string
}

/** What one attempt sends: the call's path under `baseUrl`, its JSON body, and how long it may take. */
export interface HotTaskAttempt {
  path: CallPath
  body: object
  timeoutMs: number
}

/**
 * One attempt at a HotTask call, cancelled through `controller`: by the timer after `timeoutMs` (a `timeout`
 * error), or by the callers' aborts (who have stopped listening by then). At most 64 KiB of the reply is read:
 * a larger one is `invalid-response`, and a stalled one ends at the timer. The key is scrubbed from every error.
 */
export async function postToHotTask(config: ResolvedConfig, { path, body, timeoutMs }: HotTaskAttempt, controller: AbortController): Promise<HotTaskReply> {
  const url = config.url(path)
  let headers: Headers
  try {
    headers = new Headers(typeof config.headers === 'function' ? await config.headers() : config.headers)
  } catch (cause) {
    throw configError('the headers option failed to give valid headers.', cause)
  }
  // A headers function is only seen now: its Authorization gets the check a static one had (in a browser only).
  if (isBrowser()) assertKeyStaysPrivate({ ...config, headers }, true)
  headers.set('content-type', 'application/json')
  if (config.apiKey) headers.set('authorization', config.apiKey)
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let response: Response
  let read: BoundedBody
  try {
    response = await (config.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal })
    read = await readBoundedBody(response, MAX_REPLY_BYTES, controller.signal)
    if (read.status === 'aborted') throw controller.signal.reason
  } catch (cause) {
    const details = { cause, secret: config.apiKey }
    throw controller.signal.aborted
      ? new HotTaskError('timeout', `HotTask did not reply within ${timeoutMs} ms (${url}).`, details)
      : new HotTaskError('network', `Could not reach HotTask at ${url}: ${serverText((cause as Error | null)?.message) || 'fetch failed'}`, details)
  } finally {
    clearTimeout(timer)
  }
  const { status } = response
  if (read.status === 'too-large')
    throw new HotTaskError('invalid-response', `HotTask replied (HTTP ${status}) with over 64 KiB.`, { status })
  return { response, text: utf8.decode(read.bytes) }
}
