import { MAX_SERIAL_NUMBER_LENGTH } from './constants'
import { HotTaskError } from './errors'

// C0 and C1 control characters, DEL included.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/

/** Why `value` is not a usable chatbot serial number, or `undefined` when it is. */
export function serialNumberProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`
  if (!value.trim()) return 'it is empty'
  if (value.length > MAX_SERIAL_NUMBER_LENGTH) return `it is longer than ${MAX_SERIAL_NUMBER_LENGTH} characters`
  if (CONTROL_CHARACTERS.test(value)) return 'it contains control characters'
}

/** Throws an `invalid-input` {@link HotTaskError} unless `value` is a usable serial number. */
export function assertSerialNumber(value: unknown): asserts value is string {
  const problem = serialNumberProblem(value)
  if (problem) throw new HotTaskError('invalid-input', `Invalid serial number: ${problem}.`)
}
