import { isSuccessEnvelope, sessionIdOf } from '../../core/envelope'
import { serialNumberProblem } from '../../core/serial-number'
import { isSessionId } from '../../core/session-ref'
import { checkAllowed } from '../checks/allow-list'
import { requireApiKey } from '../checks/api-key'
import { checkAuthorized } from '../checks/authorize'
import { isPending } from '../checks/pending'
import type { IncomingCall } from '../checks/incoming-call'
import { fieldOf, readJsonObject } from '../checks/json-body'
import { clientGone, refusal, type Answer } from '../checks/refusal'
import type { ResolvedHandlerOptions } from '../options'
import { checkSessionRateLimit } from '../rate-limit/session-limit'
import { forward } from '../relay/forward'
import type { AddToData } from '../relay/relay-reply'
import type { Upstream } from '../relay/upstream'
import type { TokenKey } from './hmac-sha256'
import { signSessionToken } from './session-token'

/**
 * The largest request body the handler reads for a session, in bytes (4 KiB): `{"serialNumber": "…"}` is about
 * 300 bytes at most, so this leaves room and refuses anything else with 413.
 *
 * @example
 * if (body.length > MAX_REQUEST_BODY_BYTES) console.warn('this would be refused')
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024

/**
 * The `Data.SessionToken` of a successful session: signed with `key` for its id and `serialNumber`, valid for
 * `ttlMs` from now. None for a reply that is not a success with a session id a message could name.
 */
const sessionTokenOf =
  (key: TokenKey, serialNumber: string, ttlMs: number): AddToData =>
  (envelope) => {
    const sessionId = sessionIdOf(envelope)
    if (!isSuccessEnvelope(envelope) || !isSessionId(sessionId)) return undefined
    const token = signSessionToken(key, { sessionId, serialNumber, expiresAt: Date.now() + ttlMs })
    return isPending(token) ? token.then((SessionToken) => ({ SessionToken })) : { SessionToken: token }
  }

/**
 * The handler's answer to a "Create Chat Session" call, after its path and method: who may ask (`authorize`),
 * the body and its serial number, the allow-list, the key, the visitor still there, the rate limit; then the one
 * attempt at HotTask, whose reply is relayed, a success with the session token that messages need. Only a check
 * that is pending is awaited (see {@link isPending}).
 *
 * @example
 * if (call.pathname().endsWith(CHAT_SESSION_PATH)) return await answerChatSession(options, call, upstream)
 */
export async function answerChatSession(options: ResolvedHandlerOptions, call: IncomingCall, upstream: Upstream): Promise<Answer> {
  const { version } = options
  const authorizing = checkAuthorized(options, call, 'Not authorized to create a chat session.')
  const unauthorized = isPending(authorizing) ? await authorizing : authorizing
  if (unauthorized) return unauthorized
  const read = await readJsonObject(options, call, MAX_REQUEST_BODY_BYTES, '{"serialNumber": "…"}')
  if (read.refused) return read.refused
  const field = fieldOf(read.body, 'serialNumber')
  const problem = serialNumberProblem(field)
  if (problem !== undefined) return refusal(400, `Invalid serial number: ${problem}.`, version)
  // Core's rule passes strings only.
  const serialNumber = field as string
  const allowing = checkAllowed(options, call, serialNumber)
  const notAllowed = isPending(allowing) ? await allowing : allowing
  if (notAllowed) return notAllowed
  const apiKey = requireApiKey(options, call)
  if (apiKey.refused) return apiKey.refused
  // The token's key before HotTask is called: a runtime without crypto must not cost a session nobody receives.
  const keying = options.keyring(apiKey.key)
  const tokenKey = isPending(keying) ? await keying : keying
  // Not counted against the limit: a visitor who left while the checks above ran gets nothing from HotTask.
  if (call.isGone()) return clientGone(version)
  const limited = options.rateLimit && (await checkSessionRateLimit(options.rateLimit, options, call))
  if (limited) return limited
  const addToData = sessionTokenOf(tokenKey, serialNumber, options.sessionTtlMs)
  // Awaited rather than returned: a promise returned from an async function costs two more turns of the queue.
  return await forward(options, call, { upstream, apiKey: apiKey.key, body: JSON.stringify({ serialNumber }), timeoutMs: options.timeoutMs, addToData })
}
