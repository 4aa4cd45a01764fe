// Requests/s and p99 latency of proxies under the same load, in one run. The baseline is the minimal node:http
// proxy with a keep-alive Agent; beside it: our toNodeHandler (fast path), the floor (a hand-written node:http proxy
// doing the handler's checks), our Fetch handler under a minimal
// Node adapter and its own baseline (a minimal Fetch route forwarding with fetch, under the same adapter: the
// `fetchHandlerOnNode` ratio), the minimal proxy on Node's fetch, and the fake upstream called directly. Messages (ClientAsk, with
// a valid session token each request) are loaded on the baseline, the floor and toNodeHandler. Each round runs every load
// once, in an order that rotates from round to round so drift touches each alike; a round's ratio compares loads
// of the same round. `node bench/proxy.mjs` runs this part alone, against dist/ (`npm run build` first).
import autocannon from 'autocannon'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServerProcess } from './server-process.mjs'
import { median, ratio } from './stats.mjs'

const CONNECTIONS = 50
const ROUNDS = 3
const SERIAL = '3254a9d0-bench'
const SESSION_PATH = '/chat/Chatbot/GetSession'
const MESSAGE_PATH = '/chat/Chat/ClientAsk'
const here = (file) => fileURLToPath(new URL(file, import.meta.url))

/** The servers measured, each in its own process; `baseline` first. */
const TARGETS = {
  baseline: { script: './minimal-node-proxy.mjs', label: 'minimal proxy, node:http + keep-alive Agent' },
  toNodeHandler: { script: './proxy-server.mjs', label: 'toNodeHandler(createHotTaskHandler(…))' },
  checkedProxy: { script: './checked-node-proxy.mjs', label: 'hand-written proxy with the same checks (node:http)' },
  fetchHandler: { script: './fetch-handler-server.mjs', label: 'createHotTaskHandler under a minimal Node adapter' },
  fetchRoute: { script: './minimal-fetch-route.mjs', label: 'minimal Fetch route forwarding with fetch, same adapter' },
  fetchProxy: { script: './minimal-fetch-proxy.mjs', label: 'minimal proxy with global fetch' },
  upstream: { label: 'the fake upstream, called directly' },
}
/** The servers that messages are loaded on; `baseline` first. */
const MESSAGE_TARGETS = ['baseline', 'toNodeHandler', 'checkedProxy']

/** What one load sends: a call's path and its JSON body. */
const sessionCall = { path: SESSION_PATH, body: JSON.stringify({ serialNumber: SERIAL }) }

/** A session opened through the handler at `baseUrl`, and the message call that carries its token. */
async function messageCall(baseUrl) {
  const response = await fetch(baseUrl + SESSION_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sessionCall.body })
  const { Data } = await response.json()
  if (typeof Data?.SessionToken !== 'string') throw new Error(`no session token from ${baseUrl}: HTTP ${response.status}`)
  const body = { sessionID: Data.SessionID, content: 'Hello! What are your opening hours?', stream: false, sessionToken: Data.SessionToken }
  return { path: MESSAGE_PATH, body: JSON.stringify(body) }
}

async function load(baseUrl, seconds, headers, call = sessionCall) {
  const result = await autocannon({
    url: baseUrl + call.path,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: call.body,
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
    // One token for every message: the handler verifies its signature once, then compares it with the verified one
    // (its verified-token cache); the floor, which derives the same key from the same API key and so accepts the
    // handler's token, computes the HMAC on every message. Both check the session id and expiry every time.
    const message = await messageCall(servers.toNodeHandler.url)
    // Each load: a target and what it is sent, keyed `session:<target>` or `message:<target>`.
    const loads = [
      ...Object.keys(TARGETS).map((name) => ({ id: `session:${name}`, name, call: sessionCall })),
      ...MESSAGE_TARGETS.map((name) => ({ id: `message:${name}`, name, call: message })),
    ]
    const measure = async ({ name, call }) => {
      const server = servers[name]
      const before = server.cpuMs()
      const result = await load(server.url, seconds, headersOf(name), call)
      return { ...result, serverCpuUsPerRequest: Math.round(((server.cpuMs() - before) * 1000) / result.total) }
    }
    // Warm-up, not counted: a server's first thousand requests run far slower until the JIT has done its work.
    for (const { name, call } of loads) await load(servers[name].url, 3, headersOf(name), call)
    const rounds = []
    for (let round = 0; round < ROUNDS; round++) {
      const order = loads.map((_, i) => loads[(i + round) % loads.length])
      const results = {}
      for (const each of order) results[each.id] = await measure(each)
      rounds.push({ order: order.map((each) => each.id), results })
    }
    /** Medians over the rounds for each target of one call, and each round's ratios to that round's baseline. */
    const summarise = (call, names, baseline = 'baseline') => {
      const summary = {}
      for (const name of names) {
        const runs = rounds.map((round) => round.results[`${call}:${name}`])
        const baselines = rounds.map((round) => round.results[`${call}:${baseline}`])
        summary[name] = {
          label: TARGETS[name].label,
          requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
          p99Ms: median(runs.map((run) => run.p99Ms)),
          cpuUsPerRequest: median(runs.map((run) => run.serverCpuUsPerRequest)),
          roundRatios: runs.map((run, i) => ratio(run.requestsPerSecond, baselines[i].requestsPerSecond)),
          roundP99Ratios: runs.map((run, i) => ratio(run.p99Ms, baselines[i].p99Ms)),
        }
        summary[name].throughputRatio = median(summary[name].roundRatios)
        summary[name].p99Ratio = median(summary[name].roundP99Ratios)
      }
      return summary
    }
    return {
      connections: CONNECTIONS,
      seconds,
      rounds: ROUNDS,
      targets: summarise('session', Object.keys(TARGETS)),
      messages: summarise('message', MESSAGE_TARGETS),
      // The Fetch handler against the route that does the least under the same adapter (how Next.js runs it).
      fetchHandlerOnNode: summarise('session', ['fetchRoute', 'fetchHandler'], 'fetchRoute'),
      runs: rounds,
    }
  } finally {
    for (const server of Object.values(servers)) await server.stop()
  }
}

// Run alone: `node bench/proxy.mjs` (after `npm run build`); HOTTASK_BENCH_PROXY_SECONDS shortens the loads.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { targets, messages, fetchHandlerOnNode, ...run } = await measureProxy(Number(process.env.HOTTASK_BENCH_PROXY_SECONDS ?? 10))
  const line = (call, name, target) =>
    `${call} ${name}: ${Math.round(target.requestsPerSecond)}/s, p99 ${target.p99Ms} ms, ${target.cpuUsPerRequest} µs CPU a request; ` +
    `ratio ${target.throughputRatio} (rounds ${target.roundRatios.join(', ')}), p99 ratio ${target.p99Ratio}`
  for (const [name, target] of Object.entries(targets)) console.log(line('session', name, target))
  for (const [name, target] of Object.entries(messages)) console.log(line('message', name, target))
  console.log(line('session (vs fetchRoute)', 'fetchHandler', fetchHandlerOnNode.fetchHandler))
  console.log(`${run.connections} connections, ${run.seconds} s a load, ${run.rounds} rounds`)
}
