import { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './constants'
import { isBrowser } from './browser'
import { configError } from './errors'
import type { HotTaskClientConfig } from './types'
import { chatSessionUrl } from './url'

/** A client config with its defaults filled in, checked once when the client is made. */
export type ResolvedConfig = Required<Pick<HotTaskClientConfig, 'baseUrl' | 'timeoutMs' | 'maxRetries'>> &
  Omit<HotTaskClientConfig, 'baseUrl' | 'timeoutMs' | 'maxRetries'>

/** Throws a `config` error unless `value` is a whole number of at least `min`. */
export function assertCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw configError(`${name} must be a whole number of at least ${min}, got ${value}.`)
}

/** True for a key that can be sent as a header: a non-empty string without line breaks or control characters. */
export function isUsableApiKey(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && !!value.trim() && !/[\u0000-\u001f\u007f]/.test(value)
}

/** Fills in defaults and refuses settings that cannot work, with a `config` error that says what to do. */
export function resolveConfig(config: HotTaskClientConfig): ResolvedConfig {
  const { baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS, maxRetries = DEFAULT_MAX_RETRIES, apiKey } = config
  // Only an absolute URL is checked now: a path such as '/api/hottask' needs the page, which server rendering lacks.
  if (/^[a-z][a-z\d+.-]*:/i.test(baseUrl)) chatSessionUrl(baseUrl)
  assertCount('timeoutMs', timeoutMs, 1)
  assertCount('maxRetries', maxRetries, 0)
  if (config.fetch && typeof config.fetch !== 'function') throw configError('fetch must be a function.')
  if (apiKey !== undefined) {
    if (!isUsableApiKey(apiKey))
      throw configError('apiKey must be a non-empty string without line breaks or control characters.')
    if (!config.dangerouslyAllowBrowser && isBrowser())
      throw configError(
        "apiKey is a secret, and in a browser anyone can read it. Use the proxy mode: serve createHotTaskHandler from 'react-hottask/server' " +
          "and set baseUrl: '/api/hottask' with no apiKey. To accept the risk, set dangerouslyAllowBrowser: true.",
      )
  }
  return { ...config, baseUrl, timeoutMs, maxRetries }
}
