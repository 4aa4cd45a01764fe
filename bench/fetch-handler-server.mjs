// The Fetch handler (createHotTaskHandler, as Next.js or Bun would call it) under a minimal Node adapter: a
// Request built from the buffered body, the Response written back. HotTask is called with the global fetch.
// It shows what toNodeHandler's fast path saves over serving the Fetch handler on Node.
import { createServer } from 'node:http'
import { createHotTaskHandler } from '../dist/server.js'

const handler = createHotTaskHandler({
  apiKey: 'bench-secret-key',
  allowedSerialNumbers: [process.env.HOTTASK_SERIAL],
  baseUrl: process.env.HOTTASK_UPSTREAM_URL,
  onError: (error) => error?.name === 'AbortError' || console.error('[bench fetch handler]', error),
})

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', async () => {
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) })
    const response = await handler(request)
    const body = Buffer.from(await response.arrayBuffer())
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(body)
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/api/hottask` }))
process.on('disconnect', () => server.close(() => process.exit(0)))
