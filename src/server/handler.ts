import { answerCall } from './answer-call'
import { toResponse } from './checks/refusal'
import { fetchCall } from './fetch/fetch-call'
import { resolveHandlerOptions, type HotTaskHandlerOptions, type ResolvedHandlerOptions } from './options'
import { reportStoreErrors } from './rate-limit/report-store-errors'
import { upstreamsOf } from './relay/upstream'
import { defaultTransport } from './node/default-transport'

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

// What toNodeHandler needs to serve a handler of ours without Fetch objects: its checked options.
const handlerOptions = new WeakMap<HotTaskHandler, ResolvedHandlerOptions>()

/**
 * The checked options of a handler made by {@link createHotTaskHandler}, for `toNodeHandler`'s fast path;
 * `undefined` for any other Fetch handler (including one of ours wrapped in another function).
 *
 * @example
 * const options = optionsOfHandler(handler)
 */
export const optionsOfHandler = (handler: HotTaskHandler): ResolvedHandlerOptions | undefined => handlerOptions.get(handler)

/**
 * Makes the route handler of the proxy mode: the browser calls it without a key, and it calls HotTask with yours,
 * for the chatbots you allow. It serves any path ending in `/chat/Chatbot/GetSession` ("Create Chat Session") or
 * `/chat/Chat/ClientAsk` ("Message a Chatbot"), answers every refusal in the API's own envelope, and never puts
 * the key in a response. A session it creates comes back with `Data.SessionToken`, and it forwards a message only
 * with the token of its session (see {@link MessageOptions}), so no visitor can write into another's conversation.
 * Without an `apiKey` option it reads `HOTTASK_API_KEY` per request (see {@link HotTaskHandlerOptions}).
 * Throws a `config` `HotTaskError` for an option that cannot work: `allowedSerialNumbers` missing or wrong, a given
 * `apiKey` unusable, a `sessionSecret` shorter than 32 characters, a number out of its range.
 * On Node (Next.js route handlers included) HotTask is called through `node:http(s)` with a keep-alive agent
 * unless the `fetch` option is given; on Workers, the Edge runtime, Bun and Deno with `fetch`. Under
 * `toNodeHandler` the same checks run on Node's own request and response.
 *
 * @example
 * // app/api/hottask/[...path]/route.ts (Next.js App Router); HOTTASK_API_KEY is read when a request arrives
 * import { createHotTaskHandler } from 'react-hottask/server'
 * export const POST = createHotTaskHandler({ allowedSerialNumbers: ['3254a9d0…'] })
 * // in the browser: <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>
 */
export function createHotTaskHandler(options: HotTaskHandlerOptions): HotTaskHandler {
  const resolved = resolveHandlerOptions(options)
  reportStoreErrors(resolved)
  const upstreams = upstreamsOf(defaultTransport(resolved.fetch), resolved.baseUrl)
  const handler: HotTaskHandler = async (request, env) => toResponse(await answerCall(resolved, fetchCall(request, env), upstreams))
  handlerOptions.set(handler, resolved)
  return handler
}
