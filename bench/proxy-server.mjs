// The built server handler, served with toNodeHandler on node:http in its own process, forwarding to the
// fake upstream at HOTTASK_UPSTREAM_URL. Sends `{ url }` (its mount point) to the parent once it listens.
import { createServer } from 'node:http'
import { createHotTaskHandler, toNodeHandler } from '../dist/server.js'

const handler = createHotTaskHandler({
  apiKey: 'bench-secret-key',
  allowedSerialNumbers: [process.env.HOTTASK_SERIAL],
  baseUrl: process.env.HOTTASK_UPSTREAM_URL,
  // The message limit stays on (its store is hit for every message), with a limit the load never reaches.
  messageRateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
  // autocannon closes its connections mid-request when a run ends; those aborts are expected here.
  onError: (error) => error?.name === 'AbortError' || console.error('[bench proxy]', error),
})
const server = createServer(toNodeHandler(handler))
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/api/hottask` }))
process.on('disconnect', () => server.close(() => process.exit(0)))
