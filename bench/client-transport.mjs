// `node bench/client-transport.mjs`: should the core client on Node call HotTask through node:http, as
// toNodeHandler does? Per-call time and client CPU of createChatSession with the global fetch, with a fetch-shaped
// function over node:http + keep-alive Agent (what an automatic Node transport for the client would be: the
// client reads a Response), and of plain fetch + res.json(); 50 concurrent callers, rounds rotating the order.
// Beside them, the floor of the client's per-call figure: plain fetch with what each attempt of the client needs
// for its timeout (an AbortController, a timer, the signal given to fetch).
// Run after `npm run build`.
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createHotTaskClient } from '../dist/core.js'
import { startServerProcess } from './server-process.mjs'
import { median, ratio } from './stats.mjs'

const CALLS = 2_000
const WORKERS = 50
const ROUNDS = 7
const SERIAL = '3254a9d0-bench'
const KEY = 'bench-secret-key'

/** The least a fetch over node:http can be: one request on a keep-alive agent, the body buffered into a Response. */
function nodeHttpFetch() {
  const agent = new Agent({ keepAlive: true })
  return (url, init) =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init.headers))
      const call = request(url, { agent, method: init.method, headers }, (res) => {
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: res.headers })))
        res.on('error', reject)
      })
      call.on('error', reject)
      init.signal?.addEventListener('abort', () => call.destroy(init.signal.reason))
      call.end(init.body)
    })
}

async function perCall(call) {
  let started = 0
  const worker = async () => {
    while (started++ < CALLS) await call()
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(Array.from({ length: WORKERS }, worker))
  const { user, system } = process.cpuUsage(cpu0)
  return { ms: (performance.now() - t0) / CALLS, cpuUs: (user + system) / CALLS }
}

const upstream = await startServerProcess(fileURLToPath(new URL('./fake-upstream.mjs', import.meta.url)))
try {
  const url = `${upstream.url}/chat/Chatbot/GetSession`
  const viaFetch = createHotTaskClient({ baseUrl: upstream.url, apiKey: KEY })
  const viaNodeHttp = createHotTaskClient({ baseUrl: upstream.url, apiKey: KEY, fetch: nodeHttpFetch() })
  const calls = {
    plainFetch: async () => {
      const res = await fetch(url, { method: 'POST', headers: { authorization: KEY, 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }) })
      await res.json()
    },
    fetchWithTimeout: async () => {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), 15_000)
      try {
        const res = await fetch(url, { method: 'POST', headers: { authorization: KEY, 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }), signal: controller.signal })
        await res.json()
      } finally {
        clearTimeout(timer)
      }
    },
    clientWithFetch: () => viaFetch.createChatSession(SERIAL),
    clientWithNodeHttp: () => viaNodeHttp.createChatSession(SERIAL),
  }
  const names = Object.keys(calls)
  for (const name of names) await perCall(calls[name])
  const runs = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < ROUNDS; round++)
    for (const name of names.map((_, i) => names[(i + round) % names.length])) runs[name].push(await perCall(calls[name]))
  const ms = (name) => median(runs[name].map((run) => run.ms))
  const cpu = (name) => Math.round(median(runs[name].map((run) => run.cpuUs)))
  for (const name of names)
    console.log(`${name}: ${ms(name).toFixed(3)} ms per call (${ratio(ms(name), ms('plainFetch'))}× plain fetch, ${ratio(ms(name), ms('fetchWithTimeout'))}× fetch with a timeout), client CPU ${cpu(name)} µs per call`)
} finally {
  await upstream.stop()
}
