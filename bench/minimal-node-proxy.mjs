// The baseline of the proxy figures: the least a proxy can do on Node with node:http and a keep-alive Agent
// (read the body, one POST upstream with the key, write the reply back), with none of the handler's checks.
// It forwards both calls: GetSession with {serialNumber}, ClientAsk with {sessionID, content, stream: false}
// (no token checked, no limit counted: what the handler's checks cost is what the figure shows).
// With HOTTASK_BENCH_EXTRA naming one of `one-operation.mjs`'s operations, it also does that one per request
// (bench/check-costs.mjs); the bench's baseline runs without it.
import { Agent, createServer, request } from 'node:http'

const base = new URL(process.env.HOTTASK_UPSTREAM_URL)
const agent = new Agent({ keepAlive: true })
const extra = process.env.HOTTASK_BENCH_EXTRA ? (await import('./one-operation.mjs')).operation(process.env.HOTTASK_BENCH_EXTRA) : undefined

/** The upstream path and the body to send there, for a request to `url` with the JSON body `json`. */
function callOf(url, json) {
  if (url.endsWith('/chat/Chat/ClientAsk')) return { path: '/chat/Chat/ClientAsk', body: JSON.stringify({ sessionID: json.sessionID, content: json.content, stream: false }) }
  return { path: '/chat/Chatbot/GetSession', body: JSON.stringify({ serialNumber: json.serialNumber }) }
}

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    let forwarded
    try {
      const json = JSON.parse(Buffer.concat(chunks).toString())
      if (extra) extra(json)
      forwarded = callOf(req.url, json)
    } catch {
      return res.writeHead(400).end()
    }
    const { path, body } = forwarded
    const call = request(
      { agent, hostname: base.hostname, port: base.port, path, method: 'POST', headers: { authorization: 'bench-secret-key', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
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
