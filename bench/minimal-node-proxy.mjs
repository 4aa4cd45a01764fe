// The baseline of the proxy figures: the least a proxy can do on Node with node:http and a keep-alive Agent
// (read the body, one POST upstream with the key, write the reply back), with none of the handler's checks.
import { Agent, createServer, request } from 'node:http'

const upstream = new URL(`${process.env.HOTTASK_UPSTREAM_URL}/chat/Chatbot/GetSession`)
const agent = new Agent({ keepAlive: true })

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    let body
    try {
      body = JSON.stringify({ serialNumber: JSON.parse(Buffer.concat(chunks).toString()).serialNumber })
    } catch {
      return res.writeHead(400).end()
    }
    const call = request(
      { agent, hostname: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST', headers: { authorization: 'bench-secret-key', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (reply) => {
        const parts = []
        reply.on('data', (part) => parts.push(part))
        reply.on('end', () => {
          const answer = Buffer.concat(parts)
          res.writeHead(reply.statusCode, { 'content-type': 'application/json', 'content-length': answer.byteLength })
          res.end(answer)
        })
      },
    )
    call.on('error', () => res.writeHead(502).end())
    call.end(body)
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/api/hottask` }))
process.on('disconnect', () => server.close(() => process.exit(0)))
