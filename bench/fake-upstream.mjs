// A loopback stand-in for the HotTask API, run in its own process so the client under test does not
// share an event loop with it. Answers every well-formed GetSession call with a fresh success envelope, and every
// ClientAsk call with HotTask's documented reply.
import { createServer } from 'node:http'

let sessionId = 100_000
let messageId = 375_000

function reply(res, status, envelope) {
  const body = JSON.stringify(envelope)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    const call = req.method === 'POST' && ['/chat/Chatbot/GetSession', '/chat/Chat/ClientAsk'].find((path) => req.url?.endsWith(path))
    if (!call) return reply(res, 404, { Data: null, Version: '1.0.0', Success: false, Code: 404, Message: 'Not found' })
    if (!req.headers.authorization)
      return reply(res, 401, { Data: null, Version: '1.0.0', Success: false, Code: 401, Message: 'No key' })
    const data = call.endsWith('GetSession') ? { SessionID: ++sessionId } : { messageid: ++messageId, content: 'Hi! How can I help?', totalToken: 4337 }
    reply(res, 200, { Data: data, Version: '1.0.0', Success: true, Code: 200, Message: '' })
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }))
process.on('disconnect', () => server.close(() => process.exit(0)))
