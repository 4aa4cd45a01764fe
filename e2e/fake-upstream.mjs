#!/usr/bin/env node
// A stand-in for the HotTask API on 127.0.0.1, run by Playwright as a `webServer`. Every call it gets is recorded
// (method, path, Authorization, body, and what it answered), and answered as HotTask would:
//   POST …/chat/Chatbot/GetSession   a success envelope with a new SessionID
//   POST …/chat/Chat/ClientAsk       a success envelope whose content is "You said: <content>", unless a spec
//                                    asked for the next message to fail
//   anything else                    a 404 envelope
// and the specs drive it through two paths of its own, which are not recorded:
//   GET  /__e2e/calls                every recorded call, oldest first
//   POST /__e2e/fail-next-message    {"status": 500}: the next ClientAsk gets that status (with an error
//                                    envelope) instead of a reply, once
// Usage: node e2e/fake-upstream.mjs <port>
import { randomInt } from 'node:crypto'
import { createServer } from 'node:http'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: node e2e/fake-upstream.mjs <port>')

/** @type {{ method?: string, path?: string, authorization?: string, body: unknown, status: number, data: unknown }[]} */
const calls = []
// Random, so an id on the page can only have come from this run's upstream.
let nextSessionId = randomInt(100_000, 1_000_000_000)
let nextMessageId = randomInt(100_000, 1_000_000_000)
/** The status the next ClientAsk fails with, if a spec asked for one. */
let failNextMessage

const envelope = (status, data, message = '') => ({ Data: data, Version: '1.0.0', Success: status === 200, Code: status, Message: message })

/** The body as JSON, or the raw text when it is not JSON (the spec then sees what was sent). */
function parsed(body) {
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

/** HotTask's answer to a call: its status and envelope. */
function answer(path, body) {
  if (path.endsWith('/chat/Chatbot/GetSession')) return [200, envelope(200, { SessionID: nextSessionId++ })]
  if (path.endsWith('/chat/Chat/ClientAsk')) {
    if (failNextMessage !== undefined) {
      const status = failNextMessage
      failNextMessage = undefined
      return [status, envelope(status, null, 'The fake upstream was told to fail this message.')]
    }
    const content = `You said: ${body?.content}`
    return [200, envelope(200, { messageid: nextMessageId++, content, totalToken: content.length + 100 })]
  }
  return [404, envelope(404, null, 'not found')]
}

const server = createServer((request, response) => {
  let text = ''
  request.setEncoding('utf8')
  request.on('data', (chunk) => (text += chunk))
  request.on('end', () => {
    const reply = (status, value) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(value))
    }
    if (request.method === 'GET' && request.url === '/__e2e/calls') return reply(200, calls)
    if (request.method === 'POST' && request.url === '/__e2e/fail-next-message') {
      const { status } = parsed(text) ?? {}
      if (!Number.isInteger(status) || status < 400 || status > 599) return reply(400, { error: 'give {"status": 400…599}' })
      failNextMessage = status
      return reply(204)
    }
    const path = request.url ?? ''
    const body = parsed(text)
    const [status, value] = request.method === 'POST' ? answer(path, body) : [404, envelope(404, null, 'not found')]
    calls.push({ method: request.method, path, authorization: request.headers.authorization, body, status, data: value.Data })
    reply(status, value)
  })
})

server.listen(port, '127.0.0.1', () => console.log(`fake HotTask upstream at http://127.0.0.1:${port}`))
// Playwright stops web servers with SIGTERM (gracefulShutdown in the config): close, then leave.
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections() // the app's fetch keeps idle connections open, which close() would wait for
})
