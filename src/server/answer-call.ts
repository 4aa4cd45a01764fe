import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../core/constants'
import { answerChatSession } from './calls/chat-session'
import { answerMessage } from './calls/message'
import type { IncomingCall } from './checks/incoming-call'
import { clientGone, refusal, type Answer } from './checks/refusal'
import type { ResolvedHandlerOptions } from './options'
import type { Upstreams } from './relay/upstream'

const NOT_FOUND = `Not found: only POST …${CHAT_SESSION_PATH} and POST …${CHAT_MESSAGE_PATH} are served here.`

async function answer(options: ResolvedHandlerOptions, call: IncomingCall, upstreams: Upstreams): Promise<Answer> {
  const { version } = options
  const pathname = call.pathname()
  const isSession = pathname.endsWith(CHAT_SESSION_PATH)
  if (!isSession && !pathname.endsWith(CHAT_MESSAGE_PATH)) return refusal(404, NOT_FOUND, version)
  // OPTIONS too: the handler serves its own origin and grants no CORS, so a preflight has nothing to learn.
  if (call.method !== 'POST') return refusal(405, `Method ${call.method} is not allowed: use POST.`, version, { allow: 'POST' })
  // Awaited rather than returned: a promise returned from an async function costs two more turns of the queue.
  return await (isSession ? answerChatSession(options, call, upstreams.chatSession) : answerMessage(options, call, upstreams.message))
}

/**
 * The handler's answer to one call, by the same checks on every path (the Fetch handler and `toNodeHandler`'s
 * fast path): which of the two calls it is (by the end of its path: a session or a message), how it is asked,
 * then that call's own checks and HotTask's reply. Never rejects: anything unexpected is reported to `onError`
 * and answered 500 in the envelope.
 *
 * @example
 * const answer = await answerCall(options, fetchCall(request, env), upstreams)
 */
export async function answerCall(options: ResolvedHandlerOptions, call: IncomingCall, upstreams: Upstreams): Promise<Answer> {
  try {
    return await answer(options, call, upstreams)
  } catch (error) {
    // A visitor who left mid-upload breaks the body stream: nobody to answer, nothing to report.
    if (call.isGone()) return clientGone(options.version)
    // Nothing unexpected escapes as a rejection: a framework would answer it with its own HTML page.
    options.report('unexpected', error, call)
    return refusal(500, 'The HotTask handler failed unexpectedly.', options.version)
  }
}
