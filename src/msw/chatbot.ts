import type { HttpHandler } from 'msw'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../core/constants'
import type { ChatSessionData } from '../core/envelope'
import { answerReply, answerText, DOCUMENTED_TOTAL_TOKENS } from './answer'
import { FIRST_MESSAGE_ID, FIRST_SESSION_ID, idsFrom } from './ids'
import { mockPost } from './mock-post'
import type { HotTaskChatbotMessage, HotTaskChatbotMockOptions } from './options'
import { readMessageRequest, readSessionRequest } from './read-request'
import { errorReply, successReply } from './replies'

/** What the chatbot keeps of one session: the token it issued, and the exchanges so far. */
interface Conversation {
  sessionToken: string
  history: HotTaskChatbotMessage[]
}

/**
 * msw handlers for both calls that hold conversations, as HotTask behind react-hottask's proxy would: each
 * session request opens a new conversation (a new `SessionID`, counting up from `sessionId`) and returns a
 * `Data.SessionToken` for it, as the proxy does, so the client's proxy-mode path runs; each message gets the
 * chatbot's answer (by default `You said: <content>`) and joins its session's history.
 *
 * Refusals, each in the API's envelope: a body the API cannot use gets HotTask's business error (HTTP 200,
 * `Code` 400), as `success` and `messageReply` answer it; a serial number outside `serialNumbers`, a
 * `sessionID` this chatbot did not create, or a `sessionToken` that is not that session's (when one is sent; a
 * client that calls HotTask directly sends none) get the proxy's refusal, HTTP 403 with `Code` 403. A `reply`
 * function that throws fails the message as msw fails a throwing handler (HTTP 500), and adds nothing to the history.
 *
 * Each call returns new handlers with conversations of their own: make one per test or story.
 *
 * @example
 * // a test, with msw/node's setupServer
 * server.use(...hotTaskHandlers.chatbot({ reply: (content, { history }) => `Message ${history.length / 2 + 1}: ${content}` }))
 * // a story, with msw-storybook-addon
 * parameters: { msw: { handlers: hotTaskHandlers.chatbot({ replyDelayMs: 1_500 }) } }
 */
export function chatbot(options: HotTaskChatbotMockOptions = {}): HttpHandler[] {
  const { reply, sessionId = FIRST_SESSION_ID, serialNumbers, delayMs, replyDelayMs = delayMs, version } = options
  const conversations = new Map<number, Conversation>()
  const nextSessionId = idsFrom(sessionId)
  const nextMessageId = idsFrom(FIRST_MESSAGE_ID)
  const refuse = (message: string) => errorReply(403, { message, version })

  const openSession = mockPost(CHAT_SESSION_PATH, delayMs, async (request) => {
    const read = await readSessionRequest(request, version)
    if (read.refusal) return read.refusal
    if (serialNumbers && !serialNumbers.includes(read.serialNumber)) return refuse('This chatbot is not served here.')
    const id = nextSessionId()
    // Opaque to the client, which only sends it back; unique per session, which is all the check below needs.
    const sessionToken = `mock-session-token-${id}`
    conversations.set(id, { sessionToken, history: [] })
    return successReply<ChatSessionData>({ SessionID: id, SessionToken: sessionToken }, version)
  })

  const answerMessage = mockPost(CHAT_MESSAGE_PATH, replyDelayMs, async (request) => {
    const read = await readMessageRequest(request, version)
    if (read.refusal) return read.refusal
    const conversation = conversations.get(read.sessionId)
    if (!conversation) return refuse(`This chatbot did not create session ${read.sessionId}.`)
    if (read.sessionToken !== undefined && read.sessionToken !== conversation.sessionToken)
      return refuse(`The sessionToken is not the one of session ${read.sessionId}.`)
    const content = await answerText(read.content, { sessionId: read.sessionId, history: [...conversation.history] }, reply)
    conversation.history.push({ role: 'user', content: read.content }, { role: 'assistant', content })
    return answerReply({ messageId: nextMessageId(), content, totalTokens: DOCUMENTED_TOTAL_TOKENS }, version)
  })

  return [openSession, answerMessage]
}
