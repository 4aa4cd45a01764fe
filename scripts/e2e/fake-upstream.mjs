import { createServer } from 'node:http'

/**
 * A stand-in for the HotTask API on 127.0.0.1: answers `POST …/chat/Chatbot/GetSession` with a success
 * envelope carrying `sessionId`, anything else with 404, and records every request it received
 * (method, path, Authorization, body) so the test can see what the route handler sent.
 */
export function startFakeUpstream({ sessionId }) {
  const requests = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      requests.push({ method: request.method, path: request.url, authorization: request.headers.authorization, body })
      const isCall = request.method === 'POST' && request.url?.endsWith('/chat/Chatbot/GetSession')
      const envelope = isCall
        ? { Data: { SessionID: sessionId }, Version: '1.0.0', Success: true, Code: 200, Message: '' }
        : { Data: null, Version: '1.0.0', Success: false, Code: 404, Message: 'not found' }
      response.writeHead(isCall ? 200 : 404, { 'content-type': 'application/json' })
      response.end(JSON.stringify(envelope))
    })
  })

  return new Promise((resolve, reject) => {
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}
