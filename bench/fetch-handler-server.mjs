// The Fetch handler (createHotTaskHandler, as Next.js or Bun would call it) under the minimal Node adapter of
// fetch-adapter.mjs, with no `fetch` option: on Node it calls HotTask as the library chooses by default.
import { createHotTaskHandler } from '../dist/server.js'
import { serveFetchRoute } from './fetch-adapter.mjs'

serveFetchRoute(
  createHotTaskHandler({
    apiKey: 'bench-secret-key',
    allowedSerialNumbers: [process.env.HOTTASK_SERIAL],
    baseUrl: process.env.HOTTASK_UPSTREAM_URL,
    onError: (error) => error?.name === 'AbortError' || console.error('[bench fetch handler]', error),
  }),
)
