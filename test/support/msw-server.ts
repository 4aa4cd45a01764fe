import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'

/** The msw server of a test file, with our own `hotTaskHandlers` added per test; every request is counted. */
export const server = setupServer()
export const requests: Request[] = []

server.events.on('request:start', ({ request }) => {
  requests.push(request.clone())
})

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  requests.length = 0
})
afterAll(() => server.close())
