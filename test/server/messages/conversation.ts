import { onTestFinished } from 'vitest'
import { sessionKeyring } from '../../../src/server/calls/session-key'
import { signSessionToken } from '../../../src/server/calls/session-token'
import type { HotTaskHandler } from '../../../src/server'
import { fakeUpstream, successBody, type SeenRequest, type UpstreamReply } from '../loopback'
import { sessionRequest } from '../requests'
import { API_KEY } from '../secret'

export const SERIAL = 'bot-1'
export const ORIGIN = 'http://app.test'
export const MESSAGE_PATH = '/api/hottask/chat/Chat/ClientAsk'
export const SESSION_PATH = '/api/hottask/chat/Chatbot/GetSession'
/** A `sessionSecret` long enough (32 characters and more). */
export const SECRET = 'a-session-secret-of-32-characters-or-more'

/** HotTask's documented reply to a message. */
export const replyEnvelope = (content = 'Hi! How can I help?') => ({ Data: { messageid: 375561, content, totalToken: 4337 }, Version: '1.0.0', Success: true, Code: 200, Message: '' })

/**
 * A fake HotTask on loopback that answers both calls, stopped when the test ends: each session gets the next id
 * from 1001, each message `message(seen)` (by default HotTask's documented reply).
 */
export async function fakeHotTask(message: (seen: SeenRequest) => UpstreamReply = () => ({ body: JSON.stringify(replyEnvelope()) })) {
  let sessionId = 1000
  const upstream = await fakeUpstream((seen) => (seen.url.endsWith('/chat/Chatbot/GetSession') ? { body: successBody(++sessionId) } : message(seen)))
  onTestFinished(upstream.close)
  const messages = () => upstream.requests.filter((seen) => seen.url.endsWith('/chat/Chat/ClientAsk'))
  return { ...upstream, messages }
}

/** A browser's message to the handler: `body` as JSON (a string is sent as it is). */
export function messageRequest(body: unknown, { path = MESSAGE_PATH, headers = {}, signal }: { path?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}) {
  return new Request(ORIGIN + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  })
}

/** A session created through `handler` (for `serialNumber`): its id and the token the handler added. */
export async function openSession(handler: HotTaskHandler, serialNumber = SERIAL, env?: object) {
  const response = await handler(sessionRequest(serialNumber, ORIGIN + SESSION_PATH), env)
  const { Data } = (await response.json()) as { Data: { SessionID: number; SessionToken: string } }
  return { sessionId: Data.SessionID, sessionToken: Data.SessionToken }
}

/** A message body for `session`, as `sendMessage` sends it. */
export const messageFor = ({ sessionId, sessionToken }: { sessionId: number; sessionToken: string }, content = 'Hello') => ({ sessionID: sessionId, content, stream: false, sessionToken })

/**
 * A token as a handler signs it, made without a handler: with `secret` (its `sessionSecret`), else the key
 * derived from `apiKey`.
 */
export async function tokenFor(
  sessionId: number,
  { serialNumber = SERIAL, expiresAt = Date.now() + 60_000, secret, apiKey = API_KEY }: { serialNumber?: string; expiresAt?: number; secret?: string; apiKey?: string } = {},
) {
  return signSessionToken(await sessionKeyring(secret)(apiKey), { sessionId, serialNumber, expiresAt })
}
