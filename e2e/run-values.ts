/** The chatbots on the app's allow-list (`HOTTASK_SERIAL_NUMBERS`); the page offers the first one. */
export const allowedSerialNumbers = ['e2e-allowed-chatbot', 'e2e-second-chatbot'] as const

/** A serial number the app must refuse without calling upstream. */
export const refusedSerialNumber = 'e2e-not-on-the-allow-list'

/** A value the config chose for this run (ports, the canary key), inherited by every worker. */
export function runValue(name: 'E2E_APP_PORT' | 'E2E_UPSTREAM_PORT' | 'E2E_CANARY_KEY'): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the specs through e2e/playwright.config.ts`)
  return value
}

/**
 * The app's `messageRateLimit` in this run (`HOTTASK_MESSAGE_RATE_LIMIT`): a few messages per chat session, in a
 * window longer than the browser client's 60 s cap on `Retry-After`, so a refused message fails at once and the
 * widget says when to try again (within 60 s the client would wait and send it by itself).
 */
export const messageRateLimit = { messages: 3, seconds: 600 } as const
