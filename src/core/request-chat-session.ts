import { abortedError } from './abort'
import type { ResolvedConfig } from './config'
import { configError, HotTaskError } from './errors'
import { readChatSession } from './read-chat-session'
import type { ChatSession } from './types'
import { chatSessionUrl } from './url'

async function requestHeaders({ headers, apiKey }: ResolvedConfig): Promise<Headers> {
  try {
    const result = new Headers(typeof headers === 'function' ? await headers() : headers)
    result.set('content-type', 'application/json')
    if (apiKey) result.set('authorization', apiKey)
    return result
  } catch (cause) {
    throw configError('the headers option failed to give valid headers.', cause)
  }
}

/**
 * One attempt at "Create Chat Session", limited to `config.timeoutMs`. `signal` cancels it with an
 * `aborted` error; every other failure is the {@link HotTaskError} of its kind.
 */
export async function requestChatSession(config: ResolvedConfig, serialNumber: string, signal: AbortSignal): Promise<ChatSession> {
  const url = chatSessionUrl(config.baseUrl)
  const headers = await requestHeaders(config)
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), config.timeoutMs)
  const cancel = () => timeout.abort()
  signal.addEventListener('abort', cancel)
  let response: Response
  let text: string
  try {
    response = await (config.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ serialNumber }),
      signal: timeout.signal,
    })
    text = await response.text()
  } catch (cause) {
    if (signal.aborted) throw abortedError(signal)
    const secret = config.apiKey
    if (timeout.signal.aborted)
      throw new HotTaskError('timeout', `HotTask did not reply within ${config.timeoutMs} ms (${url}).`, { cause, secret })
    throw new HotTaskError('network', `Could not reach HotTask at ${url}: ${String(cause)}`, { cause, secret })
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', cancel)
  }
  return readChatSession(response, text, serialNumber, config.apiKey)
}
