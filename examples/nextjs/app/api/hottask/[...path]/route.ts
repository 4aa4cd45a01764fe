import { createHotTaskHandler, type HotTaskHandler } from 'react-hottask/server'
import { allowedSerialNumbers } from '../../../allowed-serial-numbers'

// Never prerender or cache: every call is a visitor's request for a new session.
export const dynamic = 'force-dynamic'

let handler: HotTaskHandler | undefined

/**
 * Made on the first request rather than at module load: `next build` loads this module to read its config,
 * and must not need the secret key. A missing key or allow-list throws a `config` error here, which Next
 * logs and answers with a 500; nothing of it reaches the browser.
 */
function hotTaskHandler(): HotTaskHandler {
  const baseUrl = process.env.HOTTASK_BASE_URL
  handler ??= createHotTaskHandler({
    apiKey: process.env.HOTTASK_API_KEY ?? '',
    allowedSerialNumbers: allowedSerialNumbers(),
    ...(baseUrl ? { baseUrl } : {}),
  })
  return handler
}

/** `POST /api/hottask/chat/Chatbot/GetSession`: the browser's call, forwarded with the server's key. */
export function POST(request: Request): Promise<Response> {
  return hotTaskHandler()(request)
}
