import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../../src/core/constants'
import { createEnvelope } from '../../src/core/envelope'

/** A message as the fake HotTask received it. */
export interface ReceivedMessage {
  sessionID: number
  content: string
  sessionToken?: string
  signal: AbortSignal
}

type Answer = (message: ReceivedMessage) => Response | Promise<Response>
type SessionAnswer = (serialNumber: string, id: number) => Response | Promise<Response>

/** HotTask's reply to a message, or a refusal in its envelope. */
export const answerWith = (content: string, messageid = 1) => Response.json(createEnvelope({ messageid, content, totalToken: 10 }))
export const refusalWith = (status: number, message = 'refused', headers?: HeadersInit) =>
  Response.json(createEnvelope(null, { code: status, message }), { status, headers })

/**
 * A HotTask (or the proxy) as an injected `fetch`: sessions numbered from 100, messages answered `You said: …`,
 * unless a test sets `onSession` / `onMessage` (e.g. to hold an answer on a deferred promise). Records what it got.
 *
 * @example
 * const hotTask = fakeHotTask()
 * render(<HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>…)
 */
export function fakeHotTask() {
  const sessions: string[] = []
  const messages: ReceivedMessage[] = []
  let nextSession = 100
  const hotTask = {
    sessions,
    messages,
    onSession: ((serialNumber, id) => Response.json(createEnvelope({ SessionID: id, SessionToken: `token-${id}` }))) as SessionAnswer,
    onMessage: ((message) => answerWith(`You said: ${message.content}`, 1000 + messages.length)) as Answer,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      const body = await request.json()
      if (request.url.endsWith(CHAT_SESSION_PATH)) {
        sessions.push(body.serialNumber)
        return hotTask.onSession(body.serialNumber, nextSession++)
      }
      if (request.url.endsWith(CHAT_MESSAGE_PATH)) {
        const message = { ...body, signal: init?.signal ?? request.signal }
        messages.push(message)
        return await hotTask.onMessage(message)
      }
      return new Response('not found', { status: 404 })
    }) as typeof fetch,
  }
  return hotTask
}

/** A promise with its resolve and reject outside, to let a test decide when HotTask answers. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

/** An answer a test releases: resolves with `release(content)`, rejects as fetch does when the request is aborted. */
export function heldAnswer(message: ReceivedMessage) {
  const answer = deferred<Response>()
  message.signal.addEventListener('abort', () => answer.reject(message.signal.reason))
  return answer
}

/** Holds every message's answer until the test releases it (or the request is aborted), in the order they arrived. */
export function holdAnswers(hotTask: ReturnType<typeof fakeHotTask>) {
  const held: Array<{ message: ReceivedMessage; answer: ReturnType<typeof heldAnswer> }> = []
  hotTask.onMessage = (message) => {
    const answer = heldAnswer(message)
    held.push({ message, answer })
    return answer.promise
  }
  return held
}
