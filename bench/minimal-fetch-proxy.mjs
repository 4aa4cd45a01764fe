// The least a proxy can do with Node 20's global fetch for the upstream call (read the body, one fetch upstream with
// the key, write the reply back), with none of the handler's checks: what any fetch-based proxy is bounded by.
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
