// A loopback stand-in for the HotTask API, run in its own process so the client under test does not
// share an event loop with it. Answers every well-formed GetSession call with a fresh success envelope.
import { createServer } from 'node:http'

let sessionId = 100_000

function reply(res, status, envelope) {
  const body = JSON.stringify(envelope)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/Chatbot/GetSession'))
      return reply(res, 404, { Data: null, Version: '1.0.0', Success: false, Code: 404, Message: 'Not found' })
    if (!req.headers.authorization)
      return reply(res, 401, { Data: null, Version: '1.0.0', Success: false, Code: 401, Message: 'No key' })
    reply(res, 200, { Data: { SessionID: ++sessionId }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }))
process.on('disconnect', () => server.close(() => process.exit(0)))
