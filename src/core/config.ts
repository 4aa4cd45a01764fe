import { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './constants'
import { isBrowser } from './browser'
import { configError } from './errors'
import type { HotTaskClientConfig } from './types'
import { chatSessionUrl } from './url'

/**
 * A client config with its defaults filled in, checked once when the client is made. `url` is the call's
 * URL when `baseUrl` is absolute; a relative one is resolved at call time.
 */
export type ResolvedConfig = Required<Pick<HotTaskClientConfig, 'baseUrl' | 'timeoutMs' | 'maxRetries'>> &
  Omit<HotTaskClientConfig, 'baseUrl' | 'timeoutMs' | 'maxRetries'> & { url?: string }

/** The longest wait `setTimeout` can make (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** Throws a `config` error unless `value` is a whole number from `min` to `max`. */
export function assertCount(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw configError(`${name} must be a whole number from ${min} to ${max}, got ${value}.`)
}

/** True for a key that can be sent as a header value: printable ASCII, not blank. Linear in its length. */
export function isUsableApiKey(value: unknown): value is string {
  return typeof value === 'string' && /^[ -~]+$/.test(value) && value.trim() !== ''
}

/**
 * True when `headers` (not a function: that one is checked on each call) hold an `Authorization` that goes
 * to another origin than the page's, where it can only be a key: your own token for your own proxy route
 * (a relative `baseUrl`, or an absolute one on the page's origin) is fine.
 */
function sendsKeyInHeaders({ headers, baseUrl = DEFAULT_BASE_URL }: HotTaskClientConfig): boolean {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut only, since new Headers() reads a function as an empty record
  if (typeof headers === 'function') return false
  const page = globalThis.location?.href ?? 'http://page.invalid'
  try {
    // Stryker disable BlockStatement: an empty catch below returns undefined, as falsy as false for the one caller's test
    return new Headers(headers).has('authorization') && new URL(baseUrl, page).origin !== new URL(page).origin
  } catch {
    return false // invalid headers or baseUrl: the call reports them
  }
}

// Stryker restore BlockStatement

/**
 * Refuses a secret key where visitors can read it (`exposed`) unless `dangerouslyAllowBrowser` is set, with a
 * `config` error that points to the proxy mode: `apiKey`, or an `Authorization` header sent to another origin.
 */
export function assertKeyStaysPrivate(config: HotTaskClientConfig, exposed: boolean): void {
  if (exposed && !config.dangerouslyAllowBrowser && (config.apiKey !== undefined || sendsKeyInHeaders(config)))
    throw configError(
      "anyone can read a key (apiKey, or an Authorization header to another origin) in a browser. Use the proxy mode: " +
        "createHotTaskHandler from 'react-hottask/server', and baseUrl: '/api/hottask' with no key. Or set dangerouslyAllowBrowser: true.",
    )
}

/** Fills in defaults and refuses settings that cannot work, with a `config` error that says what to do. */
export function resolveConfig(config: HotTaskClientConfig): ResolvedConfig {
  const { baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS, maxRetries = DEFAULT_MAX_RETRIES, apiKey } = config
  // Only an absolute URL is resolved now: a path such as '/api/hottask' needs the page, which server rendering lacks.
  const url = /^[a-z][a-z\d+.-]*:/i.test(baseUrl) ? chatSessionUrl(baseUrl) : undefined
  assertCount('timeoutMs', timeoutMs, 1, MAX_TIMER_MS)
  assertCount('maxRetries', maxRetries, 0)
  if (config.fetch && typeof config.fetch !== 'function') throw configError('fetch must be a function.')
  if (apiKey !== undefined && !isUsableApiKey(apiKey))
    throw configError('apiKey must be printable ASCII (no line breaks), not blank.')
  assertKeyStaysPrivate(config, isBrowser())
  // HTTP drops the spaces around a header value, so the key the server sees (and may echo) is the trimmed one.
  return { ...config, apiKey: apiKey?.trim(), baseUrl, timeoutMs, maxRetries, url }
}
