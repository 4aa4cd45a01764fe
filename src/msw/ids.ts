/** The first `SessionID` the mocks give: the one in HotTask's documented reply. */
export const FIRST_SESSION_ID = 123456

/** The first `messageid` the mocks give: the one in HotTask's documented reply. */
export const FIRST_MESSAGE_ID = 375561

/**
 * Ids one after another from `first`, as HotTask's session and message ids count up.
 *
 * @example
 * const nextId = idsFrom(FIRST_SESSION_ID)
 * nextId() // 123456
 * nextId() // 123457
 */
export function idsFrom(first: number): () => number {
  let next = first
  return () => next++
}
