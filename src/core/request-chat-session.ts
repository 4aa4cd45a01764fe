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
 * One attempt at "Create Chat Session", cancelled through `controller`: by the timer after
 * `config.timeoutMs` (a `timeout` error), or by the callers' aborts (who have stopped listening by then).
 */
export async function requestChatSession(config: ResolvedConfig, serialNumber: string, controller: AbortController): Promise<ChatSession> {
  const url = config.url ?? chatSessionUrl(config.baseUrl)
  const headers = await requestHeaders(config)
  const timer = setTimeout(() => controller.abort(), config.timeoutMs)
  let response: Response
  let text: string
  try {
    response = await (config.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ serialNumber }),
      signal: controller.signal,
    })
    text = await response.text()
  } catch (cause) {
    const details = { cause, secret: config.apiKey }
    throw controller.signal.aborted
      ? new HotTaskError('timeout', `HotTask did not reply within ${config.timeoutMs} ms (${url}).`, details)
      : new HotTaskError('network', `Could not reach HotTask at ${url}: ${String(cause)}`, details)
  } finally {
    clearTimeout(timer)
  }
  return readChatSession(response, text, serialNumber, config.apiKey)
}
