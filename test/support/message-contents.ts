/**
 * A conversation's messages as `role:content:status` strings, so a test compares a whole conversation in one line.
 *
 * @example
 * expect(contents(result.current.messages)).toEqual(['user:hi:sending'])
 */
export const contents = (messages: ReadonlyArray<{ role: string; content: string; status: string }>) =>
  messages.map((m) => `${m.role}:${m.content}:${m.status}`)
