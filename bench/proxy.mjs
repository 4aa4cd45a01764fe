// Requests/s and p99 latency of the proxy handler under load, against the fake upstream called directly,
// with the same autocannon settings in one run (order B, P, R, P, B so drift touches each alike;
// R is the reference proxy, bench/reference-proxy.mjs).
import autocannon from 'autocannon'
import { fileURLToPath } from 'node:url'
import { startServerProcess } from './server-process.mjs'
import { median, ratio } from './stats.mjs'

const CONNECTIONS = 50
const SERIAL = '3254a9d0-bench'
const here = (file) => fileURLToPath(new URL(file, import.meta.url))

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

/** Runs the load against the upstream directly (baseline) and through the proxy; `seconds` per run. */
export async function measureProxy(seconds = 10) {
  const upstream = await startServerProcess(here('./fake-upstream.mjs'))
  let proxy
  let reference
  try {
    proxy = await startServerProcess(here('./proxy-server.mjs'), { HOTTASK_UPSTREAM_URL: upstream.url, HOTTASK_SERIAL: SERIAL })
    reference = await startServerProcess(here('./reference-proxy.mjs'), { HOTTASK_UPSTREAM_URL: upstream.url })
    // CPU per request of each server process tells where the time goes, whatever else the machine runs.
    const withCpu = async (run, server) => {
      const before = { upstream: upstream.cpuMs(), server: server.cpuMs() }
      const result = await run()
      const perRequestUs = (cpuMs, start) => Math.round(((cpuMs - start) * 1000) / result.total)
      return { ...result, upstreamCpuUsPerRequest: perRequestUs(upstream.cpuMs(), before.upstream), serverCpuUsPerRequest: perRequestUs(server.cpuMs(), before.server) }
    }
    const targets = {
      // A client calling HotTask itself sends the key; a browser calling the proxy does not.
      baseline: () => withCpu(() => load(upstream.url, seconds, { authorization: 'bench-secret-key' }), upstream),
      proxy: () => withCpu(() => load(proxy.url, seconds, {}), proxy),
      reference: () => withCpu(() => load(reference.url, seconds, {}), reference),
    }
    // Warm-up, not counted: the proxy's first thousand requests run far slower until the JIT has done its work.
    await load(upstream.url, 3, { authorization: 'bench-secret-key' })
    await load(proxy.url, 3, {})
    await load(reference.url, 3, {})
    const runs = { baseline: [], proxy: [], reference: [] }
    for (const name of ['baseline', 'proxy', 'reference', 'proxy', 'baseline']) runs[name].push(await targets[name]())
    const rps = (name) => median(runs[name].map((run) => run.requestsPerSecond))
    const p99 = (name) => median(runs[name].map((run) => run.p99Ms))
    return {
      connections: CONNECTIONS,
      seconds,
      requestsPerSecond: rps('proxy'),
      baselineRequestsPerSecond: rps('baseline'),
      throughputRatio: ratio(rps('proxy'), rps('baseline')),
      p99Ms: p99('proxy'),
      baselineP99Ms: p99('baseline'),
      p99AddedMs: p99('proxy') - p99('baseline'),
      proxyCpuUsPerRequest: median(runs.proxy.map((run) => run.serverCpuUsPerRequest)),
      upstreamCpuUsPerRequest: median(runs.baseline.map((run) => run.upstreamCpuUsPerRequest)),
      reference: {
        requestsPerSecond: rps('reference'),
        throughputRatio: ratio(rps('reference'), rps('baseline')),
        p99Ms: p99('reference'),
        cpuUsPerRequest: median(runs.reference.map((run) => run.serverCpuUsPerRequest)),
      },
      runs,
    }
  } finally {
    await reference?.stop()
    await proxy?.stop()
    await upstream.stop()
  }
}
