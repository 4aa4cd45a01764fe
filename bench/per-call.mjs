// Per-call time of the built client's createChatSession against plain fetch + res.json(), both calling the
// same loopback server (in its own process) in one run. Rounds alternate A/B then B/A to cancel drift.
import { fileURLToPath } from 'node:url'
import { startServerProcess } from './server-process.mjs'
import { median, ratio } from './stats.mjs'

const CALLS = 2_000
const CONCURRENCY = 50
const ROUNDS = 15
const SERIAL = '3254a9d0-bench'
const KEY = 'bench-secret-key'

function plainFetchCall(url) {
  return async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ serialNumber: SERIAL }),
    })
    const body = await res.json()
    if (typeof body.Data.SessionID !== 'number') throw new Error('plain fetch: no SessionID')
  }
}

function clientCall(client) {
  return async () => {
    const session = await client.createChatSession(SERIAL)
    if (typeof session.sessionId !== 'number') throw new Error('client: no sessionId')
  }
}

/** Wall milliseconds per call over `CALLS` calls run by `workers` loops pulling from one counter. */
async function msPerCall(call, workers, cpu) {
  let started = 0
  const worker = async () => {
    while (started < CALLS) {
      started++
      await call()
    }
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(Array.from({ length: workers }, worker))
  const elapsed = performance.now() - t0
  const { user, system } = process.cpuUsage(cpu0)
  cpu?.push((user + system) / CALLS)
  return elapsed / CALLS
}

// The figure is the ratio of the two medians of rounds. Rounds alternate A/B then B/A so that drift touches
// both sides alike; each round's own ratio is kept too, to show how much the machine's other load moved it.
async function compare(library, baseline, workers) {
  const times = { library: [], baseline: [] }
  // CPU time of this (client) process per call: what the client itself costs, less sensitive to other load.
  const cpuUs = { library: [], baseline: [] }
  await msPerCall(library, workers) // warm-up: JIT and keep-alive sockets for both
  await msPerCall(baseline, workers)
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['baseline', 'library'] : ['library', 'baseline']
    for (const name of order) times[name].push(await msPerCall(name === 'library' ? library : baseline, workers, cpuUs[name]))
  }
  const pairRatios = times.library.map((time, round) => ratio(time, times.baseline[round]))
  return {
    msPerCall: median(times.library),
    baselineMsPerCall: median(times.baseline),
    ratio: ratio(median(times.library), median(times.baseline)),
    pairRatios,
    clientCpuUsPerCall: Math.round(median(cpuUs.library)),
    baselineClientCpuUsPerCall: Math.round(median(cpuUs.baseline)),
    rounds: times,
  }
}

/** Runs both modes (sequential, 50 concurrent) and returns their medians and ratios. */
export async function measurePerCall() {
  const { createHotTaskClient } = await import(new URL('../dist/core.js', import.meta.url).href)
  const upstream = await startServerProcess(fileURLToPath(new URL('./fake-upstream.mjs', import.meta.url)))
  try {
    const client = createHotTaskClient({ baseUrl: upstream.url, apiKey: KEY })
    const library = clientCall(client)
    const baseline = plainFetchCall(`${upstream.url}/chat/Chatbot/GetSession`)
    return {
      calls: CALLS,
      rounds: ROUNDS,
      sequential: await compare(library, baseline, 1),
      concurrent: { concurrency: CONCURRENCY, ...(await compare(library, baseline, CONCURRENCY)) },
    }
  } finally {
    await upstream.stop()
  }
}
