import { afterEach, describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { envelope, SECRET } from '../support/replies'
import { startLoopbackServer } from '../support/loopback-server'

// Real sockets on 127.0.0.1: what the platform's fetch does with a slow body or a dropped connection.
let server: Awaited<ReturnType<typeof startLoopbackServer>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('createChatSession over a real connection', () => {
  it('creates a session, sending the key and the serial number', async () => {
    const seen: { authorization?: string; body: string }[] = []
    server = await startLoopbackServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk))
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body })
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(envelope({ Data: { SessionID: 31 } })))
      })
    })
    const client = createHotTaskClient({ baseUrl: server.url, apiKey: SECRET })
    await expect(client.createChatSession('bot')).resolves.toEqual({ sessionId: 31, serialNumber: 'bot', version: '1.0.0' })
    expect(seen).toEqual([{ authorization: SECRET, body: '{"serialNumber":"bot"}' }])
  })

  it('times out while the body is still arriving', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"Data":')
    })
    const client = createHotTaskClient({ baseUrl: server.url, timeoutMs: 200, maxRetries: 0 })
    await expect(client.createChatSession('bot')).rejects.toMatchObject({ kind: 'timeout' })
  })

  it('is a network error when the connection is dropped', async () => {
    server = await startLoopbackServer((req) => req.socket.destroy())
    const client = createHotTaskClient({ baseUrl: server.url, maxRetries: 0 })
    await expect(client.createChatSession('bot')).rejects.toMatchObject({ kind: 'network', retryable: true })
  })

  it('is a network error when nothing listens', async () => {
    server = await startLoopbackServer(() => {})
    const { url } = server
    await server.close()
    server = undefined
    const client = createHotTaskClient({ baseUrl: url, maxRetries: 0 })
    await expect(client.createChatSession('bot')).rejects.toMatchObject({ kind: 'network' })
  })
})
