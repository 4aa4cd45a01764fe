import { afterEach, expect, it } from 'vitest'
import { createHotTaskHandler, toNodeHandler } from '../../src/server'
import { fakeUpstream, serve, successBody } from './loopback'
import { API_KEY } from './secret'

const SERIAL = 'bot-1'
// What this proves: identical requests in flight together each get an upstream attempt and an answer of their own
// (nothing shared, as the core client shares identical in-flight calls, and nothing crossed). Any number well
// past a handful shows that, with every request's socket open at once on both sides (no pool in the path limits
// them); 200 does, where 1,000 proved nothing more and took five times as long.
const REQUESTS = 200
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

it(`answers ${REQUESTS} concurrent requests through toNodeHandler, one upstream call each`, async () => {
  let sessionId = 0
  const upstream = await fakeUpstream(() => ({ body: successBody(++sessionId) }))
  stops.push(upstream.close)
  const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
  const app = await serve(toNodeHandler(handler))
  stops.push(app.close)

  const started = performance.now()
  const responses = await Promise.all(
    Array.from({ length: REQUESTS }, async () => {
      const response = await fetch(`${app.url}/api/hottask/chat/Chatbot/GetSession`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serialNumber: SERIAL }),
      })
      return { status: response.status, body: (await response.json()) as { Data: { SessionID: number } } }
    }),
  )
  const wallMs = performance.now() - started

  const answered = responses.filter((r) => r.status === 200).length
  console.log(`[server concurrency] answered 200: ${answered}/${REQUESTS}; upstream requests: ${upstream.requests.length}; wall time: ${wallMs.toFixed(0)} ms`)
  expect(answered).toBe(REQUESTS)
  expect(upstream.requests).toHaveLength(REQUESTS)
  // Every visitor got a session of its own: no attempt was shared between two requests.
  expect(new Set(responses.map((r) => r.body.Data.SessionID)).size).toBe(REQUESTS)
  expect(upstream.requests.every((r) => r.headers.authorization === API_KEY)).toBe(true)
}, 120_000)
