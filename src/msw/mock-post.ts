import { delay, http, type HttpHandler } from 'msw'
import type { CallPath } from '../core/config'
import type { MockReply } from './replies'

/**
 * An msw handler for `POST` to `path` under any base URL (HotTask's host, a proxy's mount point) that waits
 * `delayMs`, if given, then answers with `reply`.
 *
 * @example
 * mockPost(CHAT_SESSION_PATH, 500, () => errorReply(503))
 */
export function mockPost(path: CallPath, delayMs: number | undefined, reply: MockReply): HttpHandler {
  return http.post(`*${path}`, async ({ request }) => {
    if (delayMs !== undefined) await delay(delayMs)
    return reply(request)
  })
}
