// A reference point for the proxy figure, not a baseline: the least a fetch-based proxy can do (read the body,
// one fetch upstream with the key, write the reply back), with none of the handler's checks. The gap between
// this and the handler is the handler's own cost; the gap between this and the upstream is the cost of the hop.
import { createServer } from 'node:http'

const upstream = `${process.env.HOTTASK_UPSTREAM_URL}/chat/Chatbot/GetSession`

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', async () => {
    try {
      const { serialNumber } = JSON.parse(Buffer.concat(chunks).toString())
      const reply = await fetch(upstream, {
        method: 'POST',
        headers: { authorization: 'bench-secret-key', 'content-type': 'application/json' },
        body: JSON.stringify({ serialNumber }),
      })
      const body = Buffer.from(await reply.arrayBuffer())
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': body.byteLength })
      res.end(body)
    } catch {
      res.writeHead(502).end()
    }
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/api/hottask` }))
process.on('disconnect', () => server.close(() => process.exit(0)))
