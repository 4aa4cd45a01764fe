import { redact, withoutSecret } from './redact'

/**
 * What went wrong, one word for each way a call can fail.
 *
 * - `invalid-input`: the serial number is missing, blank, not a string, too long or has control characters, or a message's
 *   session or content is one `sendMessage` refuses (see {@link HotTaskClient.sendMessage}); nothing was sent.
 * - `config`: the client or provider is set up wrongly (a secret key in a browser, a relative `baseUrl` with no page to resolve it).
 * - `network`: `fetch` itself failed (offline, DNS, connection reset, CORS).
 * - `timeout`: an attempt ran past `timeoutMs` (`messageTimeoutMs` for a message).
 * - `http`: the reply had a non-2xx status (`status` is set).
 * - `api`: a 2xx reply whose envelope says the call failed (`Success` not true, or `Code` not 200; `code` is set).
 * - `invalid-response`: a 2xx reply that is not the API's envelope, or a success without a numeric `SessionID` (a
 *   message: without a string `content`).
 * - `aborted`: the caller's `AbortSignal` aborted.
 *
 * @example
 * const texts: Partial<Record<HotTaskErrorKind, string>> = { network: 'You are offline.', timeout: 'No answer in time.' }
 * const text = texts[error.kind] ?? 'Something went wrong.'
 */
export type HotTaskErrorKind =
  | 'invalid-input'
  | 'config'
  | 'network'
  | 'timeout'
  | 'http'
  | 'api'
  | 'invalid-response'
  | 'aborted'

/**
 * Extra facts a {@link HotTaskError} may carry.
 *
 * @example
 * const details: HotTaskErrorDetails = { status: 429, retryAfterMs: 2_000 }
 * const error = new HotTaskError('http', 'Too Many Requests', details) // error.retryable === true
 */
export interface HotTaskErrorDetails {
  /** HTTP status of the reply, for `http` (and `api`/`invalid-response`, where it is 2xx). */
  status?: number
  /** The envelope's `Code`, where the reply was the envelope. */
  code?: number
  /** How long the server asked to wait before trying again (`Retry-After` or `retry-after-ms`). */
  retryAfterMs?: number
  /** The underlying error, e.g. the `TypeError` thrown by `fetch`. */
  cause?: unknown
  /** A secret to remove from the message and the whole `cause` (the API key); it is not stored on the error. */
  secret?: string
}

const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504]
// Stryker disable next-line StringLiteral: any key works alike, as long as every copy of the package shares it
const BRAND = Symbol.for('react-hottask.error')

/**
 * The one error type of react-hottask: every failed call rejects with it.
 *
 * @example
 * try {
 *   await client.createChatSession(serialNumber)
 * } catch (error) {
 *   if (isHotTaskError(error) && error.kind === 'api') console.warn(error.code, error.message)
 * }
 */
export class HotTaskError extends Error {
  /** Always `'HotTaskError'`. */
  override readonly name = 'HotTaskError'
  /** Which way the call failed; see {@link HotTaskErrorKind}. */
  declare readonly kind: HotTaskErrorKind
  /** True when the same call may succeed if tried again (network, timeout, HTTP 408/429/500/502/503/504). */
  declare readonly retryable: boolean
  /** HTTP status of the reply, when there was one. */
  declare readonly status?: number
  /** The envelope's `Code`, when the reply was the envelope. */
  declare readonly code?: number
  /** How long the server asked to wait before trying again, in milliseconds. */
  declare readonly retryAfterMs?: number

  constructor(kind: HotTaskErrorKind, message: string, { secret, cause, ...facts }: HotTaskErrorDetails = {}) {
    // Scrubbed before super(): the stack is captured from the message there.
    super(secret ? redact(message, secret) : message, cause === undefined ? undefined : { cause: secret ? withoutSecret(cause, secret) : cause })
    const retryable =
      kind === 'network' || kind === 'timeout' || (kind === 'http' && RETRYABLE_STATUSES.includes(facts.status ?? 0))
    Object.assign(this, { kind, retryable }, facts)
  }

  /** True for any HotTaskError, from this copy of the package or another (ESM and CJS builds), as {@link isHotTaskError}. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isHotTaskError(value)
  }

  /** The error's facts and message as plain data, for logs (`JSON.stringify` skips an Error's message). */
  toJSON(): Pick<HotTaskError, 'name' | 'message' | 'kind' | 'retryable' | 'status' | 'code' | 'retryAfterMs'> {
    return { ...this, message: this.message }
  }
}

Object.defineProperty(HotTaskError.prototype, BRAND, { value: true })

/**
 * True for any {@link HotTaskError}, including one thrown by another copy of this package
 * (the ESM and the CJS build, or two bundles), where `instanceof` would say false.
 *
 * @example
 * client.createChatSession(serialNumber).catch((error: unknown) => {
 *   if (isHotTaskError(error) && error.retryable) showRetryButton()
 * })
 */
export function isHotTaskError(value: unknown): value is HotTaskError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

/** A `config` error with the message prefix every config error shares; `cause` is the user's own error, if any. */
export function configError(message: string, cause?: unknown): HotTaskError {
  return new HotTaskError('config', `HotTask config: ${message}`, { cause })
}
