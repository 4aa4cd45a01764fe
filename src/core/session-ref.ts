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
  if (!Number.isSafeInteger(sessionId) || (sessionId as number) < 1)
    return `sessionId must be a positive whole number, got ${typeof sessionId === 'number' ? sessionId : typeof sessionId}`
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken === ''))
    return 'sessionToken must be the non-empty string the proxy issued'
}
