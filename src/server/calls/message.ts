import { checkAllowed } from '../checks/allow-list'
import { requireApiKey } from '../checks/api-key'
import { checkAuthorized } from '../checks/authorize'
import { isPending } from '../checks/pending'
import type { IncomingCall } from '../checks/incoming-call'
import { readJsonObject } from '../checks/json-body'
import { clientGone, refusal, type Answer } from '../checks/refusal'
import type { ResolvedHandlerOptions } from '../options'
import { checkMessageRateLimit } from '../rate-limit/message-limit'
import { forward } from '../relay/forward'
import type { Upstream } from '../relay/upstream'
import { readMessageBody } from './message-body'
import { checkSessionToken } from './session-token'

/**
 * The largest request body the handler reads for a message, in bytes (64 KiB): room for the longest message
 * (16,384 characters, each up to 3 bytes in UTF-8) and its token; anything larger is refused with 413.
 *
 * @example
 * if (new TextEncoder().encode(body).byteLength > MAX_MESSAGE_BODY_BYTES) console.warn('this would be refused')
 */
export const MAX_MESSAGE_BODY_BYTES = 64 * 1024

const EXAMPLE_BODY = '{"sessionID": 123, "content": "…", "sessionToken": "…"}'

/**
 * The handler's answer to a "Message a Chatbot" call, after its path and method, in this order: who may ask
 * (`authorize`, 401), the body (415, 408, 413, 400), the key (500), the session token (403), the allow-list for
 * the token's serial number (403), the visitor still there (499), `messageRateLimit` (429); then the one attempt
 * at HotTask, with a body the handler builds (`{sessionID, content, stream: false}`, never the client's bytes),
 * whose reply is relayed. Nothing is sent upstream for any refusal. Only a check that is pending is awaited (see
 * {@link isPending}).
 *
 * @example
 * if (call.pathname().endsWith(CHAT_MESSAGE_PATH)) return await answerMessage(options, call, upstreams.message)
 */
export async function answerMessage(options: ResolvedHandlerOptions, call: IncomingCall, upstream: Upstream): Promise<Answer> {
  const { version } = options
  const authorizing = checkAuthorized(options, call, 'Not authorized to send a message.')
  const unauthorized = isPending(authorizing) ? await authorizing : authorizing
  if (unauthorized) return unauthorized
  const read = await readJsonObject(options, call, MAX_MESSAGE_BODY_BYTES, EXAMPLE_BODY)
  if (read.refused) return read.refused
  const body = readMessageBody(read.body, options.maxMessageLength)
  if (body.problem !== undefined) return refusal(400, body.problem, version)
  const { sessionId, content, sessionToken } = body.message
  // Before the token: without a sessionSecret its key is derived from the API key.
  const apiKey = requireApiKey(options, call)
  if (apiKey.refused) return apiKey.refused
  const keying = options.keyring(apiKey.key)
  const checking = checkSessionToken(isPending(keying) ? await keying : keying, sessionToken, sessionId)
  const token = isPending(checking) ? await checking : checking
  if (token.problem !== undefined) return refusal(403, token.problem, version)
  const allowing = checkAllowed(options, call, token.claims.serialNumber)
  const notAllowed = isPending(allowing) ? await allowing : allowing
  if (notAllowed) return notAllowed
  // Not counted against the limit: a visitor who left while the checks above ran gets nothing from HotTask.
  if (call.isGone()) return clientGone(version)
  const limiting = options.messageRateLimit && checkMessageRateLimit(options.messageRateLimit, options, call, sessionId)
  const limited = isPending(limiting) ? await limiting : limiting
  if (limited) return limited
  const upstreamBody = JSON.stringify({ sessionID: sessionId, content, stream: false })
  // Awaited rather than returned: a promise returned from an async function costs two more turns of the queue.
  return await forward(options, call, { upstream, apiKey: apiKey.key, body: upstreamBody, timeoutMs: options.messageTimeoutMs })
}
