import { assertCount, MAX_TIMER_MS } from './config'
import { CHAT_MESSAGE_PATH, DEFAULT_MESSAGE_TIMEOUT_MS } from './constants'
import { HotTaskError } from './errors'
import { createInFlight } from './in-flight'
import { assertMessageContent } from './message-content'
import { postToHotTask } from './post-to-hottask'
import { readChatReply } from './read-chat-reply'
import { messageRetryDelayMs } from './retry'
import { configOf, type SessionClient } from './session-client'
import { sessionProblem } from './session-ref'
import type { ChatReply, ChatSessionRef, HotTaskClient, SendMessageOptions } from './types'
import { withRetries } from './with-retries'

/** A session half with `sendMessage` added: what `useChat` needs (its sessions are react-query's mutations). */
export type MessageClient = SessionClient & Pick<HotTaskClient, 'sendMessage'>

// One per session half, so the React hooks that send messages all get the same object.
const messageClients = new WeakMap<SessionClient, MessageClient>()

/**
 * `client` with `sendMessage` added, made once per session half (the same object on every call). Apart from the
 * session half, so that code which never sends a message leaves this out.
 *
 * @example
 * const client = withMessages(createSessionClient(resolveConfig(config)))
 */
export function withMessages(client: SessionClient): MessageClient {
  let withSend = messageClients.get(client)
  if (withSend) return withSend
  const config = configOf(client)
  const { messageTimeoutMs = DEFAULT_MESSAGE_TIMEOUT_MS } = config
  assertCount('messageTimeoutMs', messageTimeoutMs, 1, MAX_TIMER_MS)
  // Messages are never shared (two messages with the same text are two messages): each call's key is its own,
  // which still cancels the attempt when its caller aborts.
  const run = createInFlight<ChatReply>()

  async function sendMessage(session: ChatSessionRef, content: string, { signal, maxRetries = config.maxRetries }: SendMessageOptions = {}): Promise<ChatReply> {
    const problem = sessionProblem(session)
    if (problem) throw new HotTaskError('invalid-input', `Invalid session: ${problem}.`)
    assertMessageContent(content)
    const { sessionId: sessionID, sessionToken } = session
    // Without a token (HotTask called directly) the key is left out: JSON has no undefined.
    const body = { sessionID, content, stream: false, sessionToken }
    const attempt = { path: CHAT_MESSAGE_PATH, body, timeoutMs: messageTimeoutMs } as const
    const request = (controller: AbortController) => postToHotTask(config, attempt, controller).then((reply) => readChatReply(reply, config.apiKey))
    return withRetries(() => run(Symbol(), request, signal), messageRetryDelayMs, maxRetries, signal)
  }

  withSend = { ...client, sendMessage }
  messageClients.set(client, withSend)
  return withSend
}
