// Requests/s and p99 latency of proxies under the same load, in one run. The baseline is the minimal node:http
// proxy with a keep-alive Agent; beside it: our toNodeHandler (fast path), our Fetch handler under a minimal
// Node adapter, the minimal proxy on Node's fetch, and the fake upstream called directly. Each round runs every
// target once, in an order that rotates from round to round so drift touches each alike; a round's ratio
// compares targets of the same round.
import autocannon from 'autocannon'
import { fileURLToPath } from 'node:url'
import { startServerProcess } from './server-process.mjs'
import { median, ratio } from './stats.mjs'

const CONNECTIONS = 50
const ROUNDS = 3
const SERIAL = '3254a9d0-bench'
const here = (file) => fileURLToPath(new URL(file, import.meta.url))

/** The servers measured, each in its own process; `baseline` first. */
const TARGETS = {
  baseline: { script: './minimal-node-proxy.mjs', label: 'minimal proxy, node:http + keep-alive Agent' },
  toNodeHandler: { script: './proxy-server.mjs', label: 'toNodeHandler(createHotTaskHandler(…))' },
  fetchHandler: { script: './fetch-handler-server.mjs', label: 'createHotTaskHandler under a minimal Node adapter (fetch upstream)' },
  fetchProxy: { script: './minimal-fetch-proxy.mjs', label: 'minimal proxy with global fetch' },
  upstream: { label: 'the fake upstream, called directly' },
}

async function load(baseUrl, seconds, headers) {
  const result = await autocannon({
    url: `${baseUrl}/chat/Chatbot/GetSession`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ serialNumber: SERIAL }),
  })
  const failed = result.errors + result.timeouts + result.non2xx
  if (failed) throw new Error(`autocannon against ${baseUrl}: ${failed} failed requests (${JSON.stringify(result.statusCodeStats)})`)
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, p50Ms: result.latency.p50, total: result.requests.total }
}

/** Runs `ROUNDS` rounds of `seconds`-long loads against every target; see the file's head. */
export async function measureProxy(seconds = 10) {
  const upstream = await startServerProcess(here('./fake-upstream.mjs'))
  const servers = { upstream }
  try {
    for (const [name, { script }] of Object.entries(TARGETS))
      if (script) servers[name] = await startServerProcess(here(script), { HOTTASK_UPSTREAM_URL: upstream.url, HOTTASK_SERIAL: SERIAL })
    // A client calling HotTask itself sends the key; a browser calling a proxy does not.
    const headersOf = (name) => (name === 'upstream' ? { authorization: 'bench-secret-key' } : {})
    const measure = async (name) => {
      const server = servers[name]
      const before = server.cpuMs()
      const result = await load(server.url, seconds, headersOf(name))
      return { ...result, serverCpuUsPerRequest: Math.round(((server.cpuMs() - before) * 1000) / result.total) }
    }
    // Warm-up, not counted: a server's first thousand requests run far slower until the JIT has done its work.
    for (const name of Object.keys(TARGETS)) await load(servers[name].url, 3, headersOf(name))
    const names = Object.keys(TARGETS)
    const rounds = []
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length])
      const results = {}
      for (const name of order) results[name] = await measure(name)
      rounds.push({ order, results })
    }
    const summary = {}
    for (const name of names) {
      const runs = rounds.map((round) => round.results[name])
      summary[name] = {
        label: TARGETS[name].label,
        requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
        p99Ms: median(runs.map((run) => run.p99Ms)),
        cpuUsPerRequest: median(runs.map((run) => run.serverCpuUsPerRequest)),
        // Each round's own ratios to the baseline of that round.
        roundRatios: rounds.map((round) => ratio(round.results[name].requestsPerSecond, round.results.baseline.requestsPerSecond)),
        roundP99Ratios: rounds.map((round) => ratio(round.results[name].p99Ms, round.results.baseline.p99Ms)),
      }
      summary[name].throughputRatio = median(summary[name].roundRatios)
      summary[name].p99Ratio = median(summary[name].roundP99Ratios)
    }
    return { connections: CONNECTIONS, seconds, rounds: ROUNDS, targets: summary, runs: rounds }
  } finally {
    for (const server of Object.values(servers)) await server.stop()
  }
}
