// The minimal Node adapter a Fetch route runs under in these figures (what a framework's Node server does at the
// least): a Request built from the buffered body, the Response written back. The Fetch handler and its baseline
// (a minimal route forwarding with fetch) are served by this same adapter, so their ratio is the handler's own cost.
import { createServer } from 'node:http'

/** Serves `route` (a Fetch handler) on loopback and sends `{ url }` (its mount point) to the parent once it listens. */
export function serveFetchRoute(route) {
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', async () => {
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) })
      const response = await route(request)
      const body = Buffer.from(await response.arrayBuffer())
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(body)
    })
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/api/hottask` }))
  process.on('disconnect', () => server.close(() => process.exit(0)))
}
