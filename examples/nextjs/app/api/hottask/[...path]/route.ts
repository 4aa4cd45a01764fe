import { createHotTaskHandler } from 'react-hottask/server'
import { allowedSerialNumbers } from '../../../allowed-serial-numbers'
import { clientKey } from '../../../client-key'
import { messageRateLimit } from '../../../message-rate-limit'

/**
 * The browser's two calls, forwarded to HotTask with the server's key:
 * - `POST /api/hottask/chat/Chatbot/GetSession` creates a chat session; the reply carries a session token,
 * - `POST /api/hottask/chat/Chat/ClientAsk` sends a message, forwarded only with the token of its session.
 *
 * Created when the module loads, which `next build` also does: so nothing here may need the server's
 * environment yet. With no `apiKey` the handler reads `HOTTASK_API_KEY` when a request arrives (no key then:
 * a 500 and a server log, nothing sent upstream), and the allow-list is a function reading
 * `HOTTASK_SERIAL_NUMBERS` per request. Next passes `{ params }` as the second argument; the handler ignores it.
 */
export const POST = createHotTaskHandler({
  allowedSerialNumbers: (serialNumber) => allowedSerialNumbers().includes(serialNumber),
  baseUrl: process.env.HOTTASK_BASE_URL || undefined,
  // At most 5 new sessions per visitor per minute (see client-key.ts for who "a visitor" is). A window of
  // 60 s or less lets the browser's client wait out a 429, as it honours Retry-After up to 60 s.
  rateLimit: { limit: 5, windowMs: 60_000, clientKey },
  messageRateLimit: messageRateLimit(),
})
