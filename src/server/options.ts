import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from '../core/constants'
import { assertCount, isUsableApiKey, MAX_TIMER_MS } from '../core/config'
import { configError } from '../core/errors'
import { resolveMessageOptions, type MessageOptions, type ResolvedMessageOptions } from './message-options'
import { resolveRateLimit, type ResolvedRateLimit } from './rate-limit/resolve'
import type { RateLimitOptions } from './rate-limit/types'
import { failureReports, type ReportFailure } from './checks/failure-reports'

/**
 * Decides whether a chatbot may be served by this handler: asked for a session's serial number (after it has been
 * validated), and for the serial number a message's session token names, so a chatbot taken off the list gets no
 * more messages either. Only `true` lets the request go on. The request's body has already been read.
 *
 * @example
 * const allowedSerialNumbers: AllowSerialNumber = async (serial, request) =>
 *   (await db.chatbots.find(serial))?.tenant === tenantOf(request)
 */
export type AllowSerialNumber = (serialNumber: string, request: Request) => boolean | Promise<boolean>

/**
 * Checks the caller before anything else is read: `true` goes on, `false` answers a 401 envelope, and a
 * `Response` is sent as it is (e.g. a redirect to your login page). Anything else counts as `false`.
 *
 * @example
 * const authorize: AuthorizeRequest = async (request) =>
 *   (await getSession(request.headers.get('cookie'))) ? true : Response.redirect(new URL('/login', request.url))
 */
export type AuthorizeRequest = (request: Request) => boolean | Response | Promise<boolean | Response>

/**
 * Options of {@link createHotTaskHandler}; the message options are described in {@link MessageOptions}.
 *
 * @example
 * const options: HotTaskHandlerOptions = {
 *   allowedSerialNumbers: ['3254a9d0…'],
 *   authorize: async (request) => (await getUser(request)) !== null,
 * }
 */
export interface HotTaskHandlerOptions extends MessageOptions {
  /**
   * The secret key, sent upstream as `Authorization`; it never appears in a response. Default: `HOTTASK_API_KEY`,
   * read when each request arrives from the handler's `env` argument (Cloudflare Workers, Hono's `c.env`) or else
   * from `process.env`, so a module that creates the handler at load time builds without the key and a rotated
   * key is picked up. A request that finds no usable key is answered 500 and reported to `onError`.
   */
  apiKey?: string
  /**
   * The chatbots this handler serves (creates sessions for, and forwards their messages to): a list of serial
   * numbers, or a function (sync or async) that decides per request. Required: without it anyone could spend your
   * key on any chatbot.
   */
  allowedSerialNumbers: readonly string[] | AllowSerialNumber
  /** Optional check of the caller (cookie, session, CSRF token); see {@link AuthorizeRequest}. */
  authorize?: AuthorizeRequest
  /** The HotTask API's absolute base URL. Default `https://usapi.hottask.com`. */
  baseUrl?: string
  /**
   * The `fetch` used to call HotTask (tests, instrumentation). Default: on Node (a Next.js route handler, Hono or
   * React Router on Node, `toNodeHandler`), Node's own `http`/`https` with a keep-alive agent, several times faster
   * than Node 20's `fetch`; elsewhere (Workers, the Edge runtime, Bun, Deno) the global `fetch` at call time.
   * So on Node, tracing that hooks `fetch` (OpenTelemetry's undici instrumentation, Next.js's patched `fetch` and
   * its request logging) does not see the calls to HotTask, while tracing that hooks `node:http` does; pass
   * `fetch: (input, init) => fetch(input, init)` to have them go through the global `fetch` again.
   */
  fetch?: typeof fetch
  /** How long the one upstream attempt of a session may take before the handler answers 504, in ms. Default 15000. */
  timeoutMs?: number
  /**
   * How long the client may take to send its request body before the handler answers 408, in ms. Default 10000.
   * A body is 4 KiB at most (64 KiB for a message), so only a client that drips it slowly (holding a connection
   * open) meets this.
   */
  bodyTimeoutMs?: number
  /** The `Version` of the handler's own refusals. Default `'1.0.0'`. */
  version?: string
  /**
   * Caps the sessions one client creates: at most `limit` per window of `windowMs`, counted only for requests
   * that would reach HotTask; over it, a 429 envelope with `Retry-After`. See {@link RateLimitOptions}.
   */
  rateLimit?: RateLimitOptions
  /**
   * Told about failures the client is not told the details of: a throwing `authorize` or allow-list
   * function, an unreachable or timed-out upstream, a reply from HotTask that cannot be relayed (a 2xx that is not
   * the envelope), no usable key, a failing rate-limit store, an unexpected error. `request` is the request that
   * was refused; `undefined` for a failure of no request (an `'error'` event of a rate-limit store's client). Never
   * told about a visitor who left (closed the tab) mid-request. Without a flood: the first failure of a kind (see
   * {@link FailureKind}) at once, then at most one report a second of that kind, a {@link RepeatedFailures} that
   * says how many there were. Default: `console.error`.
   */
  onError?: (error: unknown, request: Request | undefined) => void
}

/**
 * The handler's options, checked, with defaults filled in and the allow-list as one function.
 *
 * @example
 * const { allowed } = resolveHandlerOptions({ apiKey, allowedSerialNumbers: ['bot-1'] })
 * typeof allowed !== 'function' && allowed.has('bot-1') // true
 */
export interface ResolvedHandlerOptions extends ResolvedMessageOptions {
  /** The key given as an option; `undefined` means `HOTTASK_API_KEY` is read per request. */
  apiKey?: string
  /** `allowedSerialNumbers`: a list as a set (checked without building a `Request` or waiting), or the function. */
  allowed: ReadonlySet<string> | AllowSerialNumber
  authorize?: AuthorizeRequest
  /** The `baseUrl` option: an absolute http(s) URL. */
  baseUrl: string
  fetch?: typeof fetch
  timeoutMs: number
  bodyTimeoutMs: number
  version: string
  /** `onError`, throttled: see {@link ReportFailure}. */
  report: ReportFailure
  rateLimit?: ResolvedRateLimit
}

function allowListOf(allowed: unknown): ResolvedHandlerOptions['allowed'] {
  if (typeof allowed === 'function') return allowed as AllowSerialNumber
  if (!Array.isArray(allowed))
    throw configError(
      'createHotTaskHandler needs allowedSerialNumbers: a list of your chatbot serial numbers, or a function ' +
        '(serialNumber, request) => boolean. Without it anyone could create sessions on any chatbot with your key.',
    )
  if (allowed.length === 0) throw configError('allowedSerialNumbers is an empty list, so every request would be refused.')
  if (!allowed.every((serial) => typeof serial === 'string' && serial.trim()))
    throw configError('allowedSerialNumbers must hold only non-empty strings.')
  return new Set<string>(allowed)
}

/** Only an absolute http(s) URL can be called from a server; there is no page to resolve a path against. */
function isHttpUrl(value: unknown): boolean {
  try {
    return typeof value === 'string' && ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    // Not a URL at all.
  }
  return false
}

const DEFAULT_BODY_TIMEOUT_MS = 10_000

const optionalFunction = (name: string, value: unknown) => {
  if (value !== undefined && typeof value !== 'function') throw configError(`${name} must be a function.`)
}

/**
 * Checks the options once, when the handler is made, and throws a `config` error for any that cannot work.
 *
 * @example
 * resolveHandlerOptions({ apiKey: '', allowedSerialNumbers: [] }) // throws HotTaskError (kind 'config')
 */
export function resolveHandlerOptions(options: HotTaskHandlerOptions): ResolvedHandlerOptions {
  if (typeof options !== 'object' || options === null) throw configError('createHotTaskHandler needs an options object.')
  const { apiKey, baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS, bodyTimeoutMs = DEFAULT_BODY_TIMEOUT_MS, version = '1.0.0' } = options
  // Left out, the key is read per request (HOTTASK_API_KEY); given, it must be usable now.
  if (apiKey !== undefined && !isUsableApiKey(apiKey))
    throw configError('apiKey must be your secret key: a non-empty string of printable ASCII. Leave it out to read HOTTASK_API_KEY per request.')
  const allowed = allowListOf(options.allowedSerialNumbers)
  if (!isHttpUrl(baseUrl))
    throw configError(`the handler's baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}.`)
  assertCount('timeoutMs', timeoutMs, 1, MAX_TIMER_MS)
  assertCount('bodyTimeoutMs', bodyTimeoutMs, 1, MAX_TIMER_MS)
  if (typeof version !== 'string') throw configError('version must be a string.')
  optionalFunction('fetch', options.fetch)
  optionalFunction('authorize', options.authorize)
  optionalFunction('onError', options.onError)
  const rateLimit = resolveRateLimit(options.rateLimit)
  const report = failureReports(options.onError ?? ((error: unknown) => console.error('[react-hottask/server]', error)))
  // HTTP drops the spaces around a header value, so the key HotTask sees (and may echo) is the trimmed one.
  return {
    apiKey: apiKey?.trim(),
    allowed,
    authorize: options.authorize,
    baseUrl,
    fetch: options.fetch,
    timeoutMs,
    bodyTimeoutMs,
    version,
    report,
    rateLimit,
    ...resolveMessageOptions(options),
  }
}
