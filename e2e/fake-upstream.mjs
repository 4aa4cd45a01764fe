#!/usr/bin/env node
// A stand-in for the HotTask API on 127.0.0.1, run by Playwright as a `webServer`:
//   POST …/chat/Chatbot/GetSession  records the call and answers a success envelope with a new SessionID
//   GET  /__e2e/calls                every recorded call, for the specs to see what the app sent
//   anything else                    a 404 envelope
// Usage: node e2e/fake-upstream.mjs <port>
import { randomInt } from 'node:crypto'
import { createServer } from 'node:http'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: node e2e/fake-upstream.mjs <port>')

/** @type {{ method?: string, path?: string, authorization?: string, serialNumber?: unknown, sessionId: number }[]} */
const calls = []
// Random, so a session id on the page can only have come from this run's upstream.
let nextSessionId = randomInt(100_000, 1_000_000_000)

const envelope = (status, data, message = '') => ({ Data: data, Version: '1.0.0', Success: status === 200, Code: status, Message: message })

/** The body as JSON's `serialNumber`, or the raw text when it is not JSON (the spec then sees what was sent). */
function serialNumberOf(body) {
  try {
    return JSON.parse(body).serialNumber
  } catch {
    return body
  }
}

const server = createServer((request, response) => {
  let body = ''
  request.setEncoding('utf8')
  request.on('data', (chunk) => (body += chunk))
  request.on('end', () => {
    const reply = (status, value) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(value))
    }
    if (request.method === 'GET' && request.url === '/__e2e/calls') return reply(200, calls)
    if (request.method === 'POST' && request.url?.endsWith('/chat/Chatbot/GetSession')) {
      const sessionId = nextSessionId++
      calls.push({
        method: request.method,
        path: request.url,
        authorization: request.headers.authorization,
        serialNumber: serialNumberOf(body),
        sessionId,
      })
      return reply(200, envelope(200, { SessionID: sessionId }))
    }
    reply(404, envelope(404, null, 'not found'))
  })
})

server.listen(port, '127.0.0.1', () => console.log(`fake HotTask upstream at http://127.0.0.1:${port}`))
// Playwright stops web servers with SIGTERM (gracefulShutdown in the config): close, then leave.
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections() // the app's fetch keeps idle connections open, which close() would wait for
})
