import { messageContentProblem } from '../core/message-content'
import { serialNumberProblem } from '../core/serial-number'
import { sessionProblem } from '../core/session-ref'
import { businessErrorReply } from './replies'

/**
 * The fields a mock read from a request's body, or `refusal`: HotTask's answer to a body it cannot use, a business
 * error (HTTP 200, `Code` 400) that says why. Core's own rules decide, so the mocks refuse what the client would
 * not send.
 */
export type ReadRequest<TFields> = (TFields & { refusal?: undefined }) | { refusal: Response }

/** The fields of a "Message a Chatbot" body that the mocks use. */
export interface MessageRequest {
  sessionId: number
  content: string
  /** As sent (react-hottask's proxy mode sends one); `undefined` when absent. */
  sessionToken: unknown
}

/** The JSON of a body as an object's fields; `{}` for a body that is not a JSON object, which then lacks them all. */
async function fieldsOf(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => undefined)
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

/**
 * The serial number of a "Create Chat Session" request, or the refusal of an unusable one, in `version`.
 *
 * @example
 * const read = await readSessionRequest(request)
 * if (read.refusal) return read.refusal
 */
export async function readSessionRequest(request: Request, version?: string): Promise<ReadRequest<{ serialNumber: string }>> {
  const { serialNumber } = await fieldsOf(request)
  const problem = serialNumberProblem(serialNumber)
  if (problem) return { refusal: businessErrorReply(400, `Invalid serial number: ${problem}.`, version) }
  return { serialNumber: serialNumber as string }
}

/**
 * The session and text of a "Message a Chatbot" request, or the refusal of an unusable one, in `version`: a
 * `sessionID` that is not a positive whole number, or content that `sendMessage` would not send.
 *
 * @example
 * const read = await readMessageRequest(request)
 * if (read.refusal) return read.refusal
 */
export async function readMessageRequest(request: Request, version?: string): Promise<ReadRequest<MessageRequest>> {
  const { sessionID, content, sessionToken } = await fieldsOf(request)
  const problem = sessionProblem({ sessionId: sessionID }) ?? messageContentProblem(content)
  if (problem) return { refusal: businessErrorReply(400, `Invalid message: ${problem}.`, version) }
  return { sessionId: sessionID as number, content: content as string, sessionToken }
}
