import { expect } from 'vitest'

/** Asserts the secret is absent from every way an error can be printed or logged. */
export function expectSecretFree(error: unknown, secret: string): void {
  const e = error as Error
  for (const text of [e.message, e.stack ?? '', String(e), e.toString(), JSON.stringify(e)]) {
    expect(text).not.toContain(secret)
  }
}
