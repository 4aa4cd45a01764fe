import { inspect } from 'node:util'
import { expect } from 'vitest'

/**
 * Asserts `secret` is absent from every way an error is printed or logged: message, stack, `String()`,
 * `JSON.stringify()`, and `util.inspect()` (what `console.log` prints) at its default depth and at any depth.
 */
export function expectKeyHidden(error: unknown, secret: string): void {
  const e = error as Error
  for (const text of [e.message, e.stack ?? '', String(e), JSON.stringify(e), inspect(e), inspect(e, { depth: Infinity })])
    expect(text).not.toContain(secret)
}
