import { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './constants'
import { isBrowser } from './browser'
import { isAbsoluteUrl, isValidUrl } from './url'
import { configError } from './errors'
import type { HotTaskClientConfig } from './types'

/** A client config with its defaults filled in, checked once when the client is made. */
export type ResolvedConfig = Required<Pick<HotTaskClientConfig, 'baseUrl' | 'timeoutMs' | 'maxRetries'>> &
  Omit<HotTaskClientConfig, 'baseUrl' | 'timeoutMs' | 'maxRetries'>


/** Throws a `config` error unless `value` is a whole number of at least `min`. */
export function assertCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw configError(`${name} must be a whole number of at least ${min}, got ${value}.`)
}

/** Fills in defaults and refuses settings that cannot work, with a `config` error that says what to do. */
export function resolveConfig(config: HotTaskClientConfig): ResolvedConfig {
  const { baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS, maxRetries = DEFAULT_MAX_RETRIES, apiKey } = config
  if (typeof baseUrl !== 'string' || !baseUrl || (isAbsoluteUrl(baseUrl) && !isValidUrl(baseUrl)))
    throw configError(`baseUrl must be an absolute URL or a path such as '/api/hottask', got ${JSON.stringify(baseUrl)}.`)
  assertCount('timeoutMs', timeoutMs, 1)
  assertCount('maxRetries', maxRetries, 0)
  if (config.fetch !== undefined && typeof config.fetch !== 'function') throw configError('fetch must be a function.')
  if (apiKey !== undefined) {
    // eslint-disable-next-line no-control-regex
    if (typeof apiKey !== 'string' || !apiKey.trim() || /[\u0000-\u001f\u007f]/.test(apiKey))
      throw configError('apiKey must be a non-empty string without line breaks or control characters.')
    if (!config.dangerouslyAllowBrowser && isBrowser())
      throw configError(
        'an apiKey was given in a browser, where anyone can read it from the page. Keep the key on your server: ' +
          "serve createHotTaskHandler from 'react-hottask/server' (e.g. at /api/hottask) and set baseUrl: '/api/hottask' " +
          'without an apiKey (the proxy mode). Only if every user of this page may see the key, set dangerouslyAllowBrowser: true.',
      )
  }
  return { ...config, baseUrl, timeoutMs, maxRetries }
}
