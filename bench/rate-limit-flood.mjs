// A flood of 10,000 "Create Chat Session" requests from one client (127.0.0.2) through toNodeHandler with
// rateLimit on, against a loopback fake upstream, while another client (127.0.0.1) asks for a few sessions:
// how many reached upstream, how many got 429, and what the other client got. Then the same flood across two
// handler instances sharing one real redis-server (one on node-redis, one on ioredis).
// Run: node bench/rate-limit-flood.mjs   (needs /usr/bin/redis-server; about 10-20 s)
import IoRedis from 'ioredis'
import { Agent, createServer, request as httpRequest } from 'node:http'
import { createClient } from 'redis'
import { importSource } from './rate-limit-source.mjs'

const FLOOD = 10_000
const CONCURRENCY = 50
const LIMIT = 10
const WINDOW_MS = 60_000
const OTHER_CLIENT_REQUESTS = 5
const SERIAL = '3254a9d0-bench'
const PATH = '/api/hottask/chat/Chatbot/GetSession'

const { createHotTaskHandler, toNodeHandler, createRedisRateLimitStore } = await importSource('src/server/index.ts')
const { startRedisServer } = await importSource('test/support/redis-server.ts')

async function listen(listener) {
  const server = createServer(listener)
  server.keepAliveTimeout = 60_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: server.address().port, close: () => (server.closeAllConnections(), new Promise((resolve) => server.close(resolve))) }
}

/** The fake HotTask: counts calls, answers each with a new session. */
async function fakeUpstream() {
  let calls = 0
  const upstream = await listen((req, res) => {
    req.resume()
    req.on('end', () => {
      calls++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ Data: { SessionID: calls }, Version: '1.0.0', Success: true, Code: 200, Message: '' }))
    })
  })
  return { ...upstream, url: `http://127.0.0.1:${upstream.port}`, calls: () => calls }
}

function post(port, agent) {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: PATH, method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }))
    })
    req.on('error', reject)
    req.end(JSON.stringify({ serialNumber: SERIAL }))
  })
}

const countStatuses = (results) => results.reduce((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {})

/** Floods `ports` (round robin) from 127.0.0.2 while 127.0.0.1 sends a few requests spread over the flood. */
async function flood(ports) {
  const floodAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, localAddress: '127.0.0.2' })
  const otherAgent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: '127.0.0.1' })
  const floodResults = []
  const otherResults = []
  let sent = 0
  const started = performance.now()
  const worker = async () => {
    while (sent < FLOOD) {
      const n = sent++
      floodResults.push(await post(ports[n % ports.length], floodAgent))
      // Every FLOOD / OTHER_CLIENT_REQUESTS flood requests, the other client asks for one session, mid-flood.
      if (n % (FLOOD / OTHER_CLIENT_REQUESTS) === FLOOD / OTHER_CLIENT_REQUESTS / 2) otherResults.push(await post(ports[n % ports.length], otherAgent))
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const seconds = (performance.now() - started) / 1000
  floodAgent.destroy()
  otherAgent.destroy()
  const floodMs = floodResults.map((result) => result.ms).sort((a, b) => a - b)
  return {
    floodStatuses: countStatuses(floodResults),
    otherClientStatuses: otherResults.map((result) => result.status),
    otherClientMs: otherResults.map((result) => +result.ms.toFixed(1)),
    floodP50Ms: +floodMs[Math.floor(floodMs.length / 2)].toFixed(1),
    floodP99Ms: +floodMs[Math.floor(floodMs.length * 0.99)].toFixed(1),
    requestsPerSecond: Math.round((FLOOD + otherResults.length) / seconds),
  }
}

async function proxy(upstreamUrl, rateLimit) {
  const handler = createHotTaskHandler({
    apiKey: 'bench-secret-key',
    allowedSerialNumbers: [SERIAL],
    baseUrl: upstreamUrl,
    rateLimit,
    onError: (error) => console.error('[proxy onError]', error),
  })
  return listen(toNodeHandler(handler))
}

const report = { node: process.version, flood: FLOOD, concurrency: CONCURRENCY, limit: LIMIT, windowMs: WINDOW_MS }

{
  const upstream = await fakeUpstream()
  const app = await proxy(upstream.url, { limit: LIMIT, windowMs: WINDOW_MS })
  const result = await flood([app.port])
  report.memoryStore = { ...result, upstreamCalls: upstream.calls() }
  await app.close()
  await upstream.close()
}

{
  const redis = await startRedisServer()
  const nodeRedis = await createClient({ url: redis.url }).connect()
  const ioRedis = new IoRedis(redis.url)
  try {
    const upstream = await fakeUpstream()
    const prefix = `bench-${Date.now()}:`
    const a = await proxy(upstream.url, { limit: LIMIT, windowMs: WINDOW_MS, store: createRedisRateLimitStore(nodeRedis, { prefix }) })
    const b = await proxy(upstream.url, { limit: LIMIT, windowMs: WINDOW_MS, store: createRedisRateLimitStore(ioRedis, { prefix }) })
    const result = await flood([a.port, b.port])
    report.redisTwoInstances = { ...result, upstreamCalls: upstream.calls(), redisCountFor127_0_0_2: Number(await nodeRedis.get(`${prefix}127.0.0.2`)) }
    await a.close()
    await b.close()
    await upstream.close()
  } finally {
    nodeRedis.destroy()
    ioRedis.disconnect()
    await redis.stop()
  }
}

console.log(JSON.stringify(report, null, 2))
const expected = LIMIT + OTHER_CLIENT_REQUESTS
for (const run of [report.memoryStore, report.redisTwoInstances]) {
  if (run.upstreamCalls !== expected || run.floodStatuses[200] !== LIMIT || run.otherClientStatuses.some((status) => status !== 200)) process.exitCode = 1
}
