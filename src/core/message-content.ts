import { MAX_MESSAGE_LENGTH } from './constants'
import { HotTaskError } from './errors'

// C0 control characters other than tab, LF and CR; DEL; C1.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

/**
 * Why `value` cannot be sent as a message, or `undefined` when it can: a string, not blank, at most `maxLength`
 * characters (default {@link MAX_MESSAGE_LENGTH}), no control characters other than tab, LF and CR. Linear in
 * its length. The one rule for the client, the `useChat` hook and the server handler.
 *
 * @example
 * messageContentProblem('   ') // 'it is blank'
 */
export function messageContentProblem(value: unknown, maxLength = MAX_MESSAGE_LENGTH): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`
  if (value.length > maxLength) return `it is longer than ${maxLength} characters`
  if (!value.trim()) return 'it is blank'
  if (CONTROL_CHARACTERS.test(value)) return 'it contains control characters other than tab and line breaks'
}

/** Throws an `invalid-input` {@link HotTaskError} unless `value` can be sent as a message. */
export function assertMessageContent(value: unknown): asserts value is string {
  const problem = messageContentProblem(value)
  if (problem) throw new HotTaskError('invalid-input', `Invalid message: ${problem}.`)
}
