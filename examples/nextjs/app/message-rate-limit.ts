import type { MessageRateLimitOptions } from 'react-hottask/server'

/**
 * The route's cap on the messages of one chat session, from `HOTTASK_MESSAGE_RATE_LIMIT` as
 * `<messages>/<seconds>` (e.g. `20/60`); unset, the handler's default applies: 20 a minute. The handler
 * refuses anything but whole numbers of at least 1 with an error naming `messageRateLimit`.
 *
 * Read when the route module loads: `next build` loads it without the variable (and never serves a
 * message), `next start` with it.
 */
export function messageRateLimit(): MessageRateLimitOptions | undefined {
  const setting = process.env.HOTTASK_MESSAGE_RATE_LIMIT?.trim()
  if (!setting) return undefined
  const [messages, seconds] = setting.split('/')
  return { limit: Number(messages), windowMs: Number(seconds) * 1000 }
}
