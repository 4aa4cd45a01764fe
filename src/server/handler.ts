import { CHAT_SESSION_PATH } from '../core/constants'
import { serialNumberProblem } from '../core/serial-number'
import { configError } from '../core/errors'
import { apiKeyFor } from './api-key'
import { clientGone, forwardChatSession } from './forward'
import { resolveHandlerOptions, type HotTaskHandlerOptions, type ResolvedHandlerOptions } from './options'
import { readBoundedBody } from '../core/read-bounded-body'
import { checkRateLimit } from './rate-limit/check'
import { refusal } from './refusal'

/**
 * A Fetch API route handler: what Next.js, Remix, Hono, Bun, Deno and Workers call with each request.
 * `env` is where `HOTTASK_API_KEY` is looked up first when no `apiKey` option was given (Cloudflare Workers'
 * `env`, Hono's `c.env`); any other second argument, such as the `{ params }` Next.js passes, is passed over.
 *
 * @example
 * const handler: HotTaskHandler = createHotTaskHandler({ allowedSerialNumbers })
 * Bun.serve({ fetch: (request) => handler(request) })
 */
export type HotTaskHandler = (request: Request, env?: object) => Promise<Response>

/**
 * The largest request body the handler reads, in bytes (4 KiB): `{"serialNumber": "…"}` is about 300 bytes
 * at most, so this leaves room and refuses anything else with 413.
 *
 * @example
 * if (body.length > MAX_REQUEST_BODY_BYTES) console.warn('this would be refused')
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024

const isJson = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json'

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) }
  } catch {
    return { ok: false }
  }
}

/** Runs a user callback; a throw becomes a 500 refusal whose message does not repeat the thrown one (it may hold secrets). */
async function guarded<T>(options: ResolvedHandlerOptions, request: Request, what: string, run: () => T | Promise<T>): Promise<T | Response> {
  try {
    return await run()
  } catch (error) {
    options.onError(error, request)
    return refusal(500, `The server failed to ${what}.`, options.version)
  }
}

/** Reads the request body within `bodyTimeoutMs`, so a client dripping it slowly cannot hold the handler. */
async function readRequestBody({ bodyTimeoutMs }: ResolvedHandlerOptions, request: Request) {
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), bodyTimeoutMs)
  try {
    return await readBoundedBody(request, MAX_REQUEST_BODY_BYTES, deadline.signal)
  } finally {
    clearTimeout(timer)
  }
}

async function handle(options: ResolvedHandlerOptions, request: Request, env: unknown): Promise<Response> {
  const { version } = options
  if (!new URL(request.url).pathname.endsWith(CHAT_SESSION_PATH))
    return refusal(404, `Not found: only POST …${CHAT_SESSION_PATH} is served here.`, version)
  // OPTIONS too: the handler serves its own origin and grants no CORS, so a preflight has nothing to learn.
  if (request.method !== 'POST') return refusal(405, `Method ${request.method} is not allowed: use POST.`, version, { allow: 'POST' })

  if (options.authorize) {
    const { authorize } = options
    const verdict = await guarded(options, request, 'check authorization', () => authorize(request))
    if (verdict instanceof Response) return verdict
    if (verdict !== true) return refusal(401, 'Not authorized to create a chat session.', version)
  }

  if (!isJson(request.headers.get('content-type')))
    return refusal(415, 'Content-Type must be application/json.', version)
  const body = await readRequestBody(options, request)
  if (body.status === 'aborted') return refusal(408, `The request body did not arrive within ${options.bodyTimeoutMs} ms.`, version)
  if (body.status === 'too-large') return refusal(413, `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`, version)
  const json = parseJson(body.bytes)
  if (!json.ok) return refusal(400, 'The request body is not valid JSON.', version)
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value))
    return refusal(400, 'The request body must be a JSON object: {"serialNumber": "…"}.', version)
  const serialNumber: unknown = Object.hasOwn(json.value, 'serialNumber') ? (json.value as { serialNumber: unknown }).serialNumber : undefined
  const problem = serialNumberProblem(serialNumber)
  if (problem !== undefined || typeof serialNumber !== 'string') return refusal(400, `Invalid serial number: ${problem}.`, version)

  const allowed = await guarded(options, request, 'check the serial number', () => options.isAllowed(serialNumber, request))
  if (allowed instanceof Response) return allowed
  if (allowed !== true) return refusal(403, 'This chatbot is not served here.', version)

  const { key: apiKey, problem: keyProblem } = apiKeyFor(options, env)
  if (apiKey === undefined) {
    options.onError(configError(keyProblem), request)
    return refusal(500, 'The server has no HotTask key configured.', version)
  }
  // Not counted against the limit: a visitor who left while the checks above ran gets nothing from HotTask.
  if (request.signal?.aborted) return clientGone(version)
  const limited = await checkRateLimit(options, request)
  if (limited) return limited
  return forwardChatSession(options, apiKey, serialNumber, request)
}

/**
 * Makes the route handler of the proxy mode: the browser calls it without a key, and it calls HotTask's
 * "Create Chat Session" with yours, for the chatbots you allow. It serves any path ending in
 * `/chat/Chatbot/GetSession`, answers every refusal in the API's own envelope, and never puts the key in a
 * response. Without an `apiKey` option it reads `HOTTASK_API_KEY` per request (see {@link HotTaskHandlerOptions}).
 * Throws a `config` `HotTaskError` when `allowedSerialNumbers` is missing or wrong, or a given `apiKey` is unusable.
 *
 * @example
 * // app/api/hottask/[...path]/route.ts (Next.js App Router); HOTTASK_API_KEY is read when a request arrives
 * import { createHotTaskHandler } from 'react-hottask/server'
 * export const POST = createHotTaskHandler({ allowedSerialNumbers: ['3254a9d0…'] })
 * // in the browser: <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>
 */
export function createHotTaskHandler(options: HotTaskHandlerOptions): HotTaskHandler {
  const resolved = resolveHandlerOptions(options)
  return async (request, env) => {
    try {
      return await handle(resolved, request, env)
    } catch (error) {
      // A visitor who left mid-upload breaks the body stream: nobody to answer, nothing to report.
      if (request.signal?.aborted) return clientGone(resolved.version)
      // Nothing unexpected escapes as a rejection: a framework would answer it with its own HTML page.
      resolved.onError(error, request)
      return refusal(500, 'The HotTask handler failed unexpectedly.', resolved.version)
    }
  }
}
