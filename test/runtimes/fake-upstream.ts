import { createAdaptorServer } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { fakeHotTask } from '../support/fake-hottask'

/**
 * The fake HotTask of the unit tests (sessions numbered from 100, "You said: …"), served on 127.0.0.1 for the
 * runtimes' handlers to call, recording the key each call came with.
 */
export async function startFakeUpstream() {
  const hotTask = fakeHotTask()
  const keys: (string | null)[] = []
  const server = createAdaptorServer({
    fetch: (request: Request) => {
      keys.push(request.headers.get('authorization'))
      return hotTask.fetch(request)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    /** How many calls (sessions and messages) it has had. */
    calls: () => keys.length,
    keys,
    sessions: hotTask.sessions,
    messages: hotTask.messages,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // The handlers keep their connections to HotTask alive; close() alone would wait for them.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
