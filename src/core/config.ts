import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './constants'
import { isBrowser } from './browser'
import { configError } from './errors'
import type { HotTaskClientConfig } from './types'
import { callUrl } from './url'

type Defaulted = 'baseUrl' | 'timeoutMs' | 'maxRetries'

/**
 * A client config with its defaults filled in, checked once when the client is made. `url(path)` is the URL of
 * the call at `path`: worked out once when `baseUrl` is absolute, at call time for a relative one. The message
 * options (`messageTimeoutMs`) are checked where messages are added (with-messages.ts), so an app that only
 * opens sessions does not load that code.
 */
export type ResolvedConfig = Required<Pick<HotTaskClientConfig, Defaulted>> & Omit<HotTaskClientConfig, Defaulted> & { url(path: CallPath): string }

/** The path of each HotTask call the client makes. */
export type CallPath = typeof CHAT_SESSION_PATH | typeof CHAT_MESSAGE_PATH

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
      "anyone can read a key in a browser (apiKey, or an Authorization header to another origin). Use the proxy mode " +
        "(createHotTaskHandler from 'react-hottask/server', baseUrl: '/api/hottask', no key) or set dangerouslyAllowBrowser: true.",
    )
}

/** Fills in defaults and refuses settings that cannot work, with a `config` error that says what to do. */
export function resolveConfig(config: HotTaskClientConfig): ResolvedConfig {
  const { baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS, maxRetries = DEFAULT_MAX_RETRIES, apiKey } = config
  assertCount('timeoutMs', timeoutMs, 1, MAX_TIMER_MS)
  assertCount('maxRetries', maxRetries, 0)
  if (config.fetch && typeof config.fetch !== 'function') throw configError('fetch must be a function.')
  if (apiKey !== undefined && !isUsableApiKey(apiKey))
    throw configError('apiKey must be printable ASCII (no line breaks), not blank.')
  assertKeyStaysPrivate(config, isBrowser())
  // HTTP drops the spaces around a header value, so the key the server sees (and may echo) is the trimmed one.
  return { ...config, apiKey: apiKey?.trim(), baseUrl, timeoutMs, maxRetries, url: urlsOf(baseUrl) }
}

/**
 * The URL of each call under `baseUrl`. Only an absolute one is resolved now (so a bad one throws when the client
 * is made): a path such as '/api/hottask' needs the page, which server rendering lacks.
 */
function urlsOf(baseUrl: string): (path: CallPath) => string {
  if (!/^[a-z][a-z\d+.-]*:/i.test(baseUrl)) return (path) => callUrl(baseUrl, path)
  const urls = { [CHAT_SESSION_PATH]: callUrl(baseUrl, CHAT_SESSION_PATH), [CHAT_MESSAGE_PATH]: callUrl(baseUrl, CHAT_MESSAGE_PATH) }
  return (path) => urls[path]
}
