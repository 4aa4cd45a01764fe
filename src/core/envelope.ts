/**
 * The wrapper the HotTask API puts around every reply.
 *
 * @example
 * { "Data": { "SessionID": 123456 }, "Version": "1.0.0", "Success": true, "Code": 200, "Message": "" }
 */
export interface HotTaskEnvelope<TData = unknown> {
  /** The call's result, e.g. {@link ChatSessionData} or {@link ChatReplyData}. */
  Data: TData
  /** The API's version, e.g. `'1.0.0'`. */
  Version: string
  /** Whether the call succeeded (with `Code` 200). */
  Success: boolean
  /** 200 on success, else the error's code. */
  Code: number
  /** The detail of a failure. */
  Message: string
}

/**
 * `Data` of a successful "Create Chat Session" reply; react-hottask's proxy adds `SessionToken`.
 *
 * @example
 * const envelope: HotTaskEnvelope<ChatSessionData> = { Data: { SessionID: 123456 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }
 */
export interface ChatSessionData {
  /** The new session's id: {@link ChatSession.sessionId}. */
  SessionID: number
  /** The token react-hottask's proxy issued for the session: {@link ChatSession.sessionToken}. */
  SessionToken?: string
}

/**
 * `Data` of a successful "Message a Chatbot" reply, as HotTask documents it (the client reads these names
 * without regard to case).
 *
 * @example
 * const data: ChatReplyData = { messageid: 375561, content: 'Hi! How can I help?', totalToken: 4337 }
 */
export interface ChatReplyData {
  /** HotTask's id of the answer: {@link ChatReply.messageId}. */
  messageid: number
  /** The answer's text: {@link ChatReply.content}. */
  content: string
  /** The tokens HotTask counted for this exchange: {@link ChatReply.totalTokens}. */
  totalToken: number
}

/** The JSON in `text` when it is the API's envelope (an object with a boolean `Success`), else `undefined`. */
export function parseEnvelope(text: string): HotTaskEnvelope | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Not JSON: `value` stays undefined, which is no envelope.
  }
  return isEnvelope(value) ? value : undefined
}

/** True for an object with a boolean `Success`: the shape every HotTask reply has. */
export function isEnvelope(value: unknown): value is HotTaskEnvelope {
  return typeof value === 'object' && value !== null && typeof (value as HotTaskEnvelope).Success === 'boolean'
}

/** True when the envelope reports success: `Success` is true and `Code` is 200. */
export function isSuccessEnvelope(envelope: HotTaskEnvelope): boolean {
  return envelope.Success === true && envelope.Code === 200
}

/** The session id of a successful reply, or `undefined` when `Data.SessionID` is not a finite number. */
export function sessionIdOf(envelope: HotTaskEnvelope): number | undefined {
  const id = (envelope.Data as Partial<ChatSessionData> | null)?.SessionID
  return Number.isFinite(id) ? id : undefined
}

/** Builds an envelope, e.g. for a refusal of the server handler or a reply of the msw mocks. */
export function createEnvelope<TData>(
  data: TData,
  { code = 200, message = '', version = '1.0.0' }: { code?: number; message?: string; version?: string } = {},
): HotTaskEnvelope<TData> {
  return { Data: data, Version: version, Success: code === 200, Code: code, Message: message }
}
