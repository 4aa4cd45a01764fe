import { useState } from 'react'
import { assertKeyStaysPrivate, resolveConfig } from '../core/config'
import { createSessionClient, type SessionClient } from '../core/session-client'
import type { HotTaskClientConfig } from '../core/types'

/** Header values compared by content, so an inline `headers={{ … }}` object does not rebuild the client. */
function headersKey(headers: HotTaskClientConfig['headers']): unknown {
  if (typeof headers === 'function') return headers
  try {
    return JSON.stringify([...new Headers(headers)])
  } catch {
    return headers // invalid headers: the call reports them as a `config` error
  }
}

function build(config: HotTaskClientConfig): SessionClient {
  // A provider's props reach the browser even when it renders on a server (SSR, Next.js client components).
  assertKeyStaysPrivate(config, true)
  // The session half only: the client's retries and messages are added by the hooks that use them, so an app
  // that only opens sessions (react-query retrying them) does not load them.
  return createSessionClient(resolveConfig({ ...config, shareInFlight: true }))
}

/**
 * The provider's client, rebuilt only when a config field changes value (functions by identity), so
 * re-rendering the provider with an equal config object keeps the same client. Kept in state, not in a
 * memo, because the client's identity matters: its in-flight requests are what a double click shares.
 * A page is one visitor, so concurrent calls for one serial number share an attempt.
 */
export function useStableClient(config: HotTaskClientConfig): SessionClient {
  const { baseUrl, apiKey, headers, fetch, timeoutMs, messageTimeoutMs, maxRetries, dangerouslyAllowBrowser } = config
  const fields = [baseUrl, apiKey, headersKey(headers), fetch, timeoutMs, messageTimeoutMs, maxRetries, dangerouslyAllowBrowser]
  const [current, setCurrent] = useState(() => ({ fields, client: build(config) }))
  if (fields.every((field, i) => Object.is(field, current.fields[i]))) return current.client
  // A changed config: React's pattern for state derived from props, applied before the children render.
  const next = { fields, client: build(config) }
  setCurrent(next)
  return next.client
}
