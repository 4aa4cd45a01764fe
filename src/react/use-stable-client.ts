import { useMemo } from 'react'
import { createHotTaskClient } from '../core/client'
import type { HotTaskClient, HotTaskClientConfig } from '../core/types'

/** Header values compared by content, so an inline `headers={{ … }}` object does not rebuild the client. */
function headersKey(headers: HotTaskClientConfig['headers']): unknown {
  if (typeof headers === 'function') return headers
  try {
    return JSON.stringify([...new Headers(headers)])
  } catch {
    return headers // invalid headers: the call reports them as a `config` error
  }
}

/**
 * The provider's client, rebuilt only when a config field changes value (functions by identity), so
 * re-rendering the provider with an equal config object keeps the same client. A page is one visitor,
 * so concurrent calls for one serial number share an attempt.
 */
export function useStableClient(config: HotTaskClientConfig): HotTaskClient {
  const { baseUrl, apiKey, headers, fetch, timeoutMs, maxRetries, dangerouslyAllowBrowser } = config
  const key = headersKey(headers)
  return useMemo(
    () => createHotTaskClient({ baseUrl, apiKey, headers, fetch, timeoutMs, maxRetries, dangerouslyAllowBrowser, shareInFlight: true }),
    // `headers` is compared through `key`: its content, not its identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [baseUrl, apiKey, key, fetch, timeoutMs, maxRetries, dangerouslyAllowBrowser],
  )
}
