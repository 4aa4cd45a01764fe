import { MAX_SERVER_TEXT_LENGTH } from './constants'
import { redact } from './redact'

/** `text` without its trailing characters that match `drop` (a one-character test), in one pass from the end. */
export function trimTrailing(text: string, drop: RegExp): string {
  let end = text.length
  // Stryker disable next-line ConditionalExpression,EqualityOperator: past the start, text[-1] is undefined, which no one-character test matches
  while (end > 0 && drop.test(text[end - 1]!)) end--
  return text.slice(0, end)
}

/** A string or number a server sent, as text; anything else (an object, null) as `''`, never calling its `toString`. */
export const textOf = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '')

/**
 * A server's text (the envelope's `Message`, a status text) as it goes into an error message: a string or
 * number, the key redacted, at most 300 characters (`…` where cut), without its closing full stops and
 * spaces since ours follows. Anything else gives `''`. Linear in the text's length, whatever it holds.
 *
 * @example
 * serverText('Chatbot not found. ') // 'Chatbot not found'
 */
export function serverText(text: unknown, secret?: string): string {
  const clean = secret ? redact(textOf(text), secret) : textOf(text)
  const cut = clean.length > MAX_SERVER_TEXT_LENGTH
  return trimTrailing(clean.slice(0, MAX_SERVER_TEXT_LENGTH), /[.\s]/) + (cut ? '…' : '')
}
