/**
 * True for a HotTask session id: a positive safe integer. The one rule for `sendMessage`, the server handler's
 * message route and the session tokens it issues.
 *
 * @example
 * isSessionId(123456) // true
 * isSessionId('123456') // false
 */
export const isSessionId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1

/**
 * Why `value` is not a session `sendMessage` can use, or `undefined`: an object whose `sessionId` is a positive
 * safe integer and whose `sessionToken`, if any, is a non-empty string.
 *
 * @example
 * sessionProblem({ sessionId: 0 }) // 'sessionId must be a positive whole number, got 0'
 */
export function sessionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return `expected a session ({ sessionId, sessionToken? }) from createChatSession, got ${value === null ? 'null' : typeof value}`
  const { sessionId, sessionToken } = value as { sessionId?: unknown; sessionToken?: unknown }
  if (!isSessionId(sessionId))
    return `sessionId must be a positive whole number, got ${typeof sessionId === 'number' ? sessionId : typeof sessionId}`
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken === ''))
    return 'sessionToken must be the non-empty string the proxy issued'
}
