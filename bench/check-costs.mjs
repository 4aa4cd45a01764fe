// `node bench/check-costs.mjs [seconds]` (after `npm run build`): what single operations of the handler cost inside a
// busy proxy, and how the handler and the floor compare, in main-thread CPU per request. Servers, each in its own
// process, forward GetSession to the fake upstream under the bench's load (50 connections): the minimal node:http
// proxy (the baseline), the same proxy doing one more operation per request (`bench/one-operation.mjs`: sign a
// session token, write the envelope out again with it, or spin for 10 µs, for scale), the floor
// (`checked-node-proxy.mjs`: every check, hand-written) and toNodeHandler. Rounds rotate the order; medians.
import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startServerProcess } from './server-process.mjs'
import { median, ratio } from './stats.mjs'

const ROUNDS = 3
const SERIAL = '3254a9d0-bench'
const here = (file) => fileURLToPath(new URL(file, import.meta.url))
const TARGETS = [
  ['baseline', './minimal-node-proxy.mjs', {}],
  ['baseline + sign a token (createHmac)', './minimal-node-proxy.mjs', { HOTTASK_BENCH_EXTRA: 'hmac' }],
  ['baseline + parse and write the envelope', './minimal-node-proxy.mjs', { HOTTASK_BENCH_EXTRA: 'json' }],
  ['baseline + 10 µs of busy CPU', './minimal-node-proxy.mjs', { HOTTASK_BENCH_EXTRA: 'spin' }],
  ['the floor (every check, hand-written)', './checked-node-proxy.mjs', {}],
  ['toNodeHandler(createHotTaskHandler(…))', './proxy-server.mjs', {}],
]

/** CPU time (user + system) of a process's main thread so far, in µs, from /proc. */
function mainThreadCpuUs(pid) {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

const seconds = Number(process.argv[2] ?? 6)
const upstream = await startServerProcess(here('./fake-upstream.mjs'))
const servers = []
try {
  for (const [label, script, env] of TARGETS) servers.push({ label, ...(await startServerProcess(here(script), { HOTTASK_UPSTREAM_URL: upstream.url, HOTTASK_SERIAL: SERIAL, ...env })) })
  const load = (server, duration) =>
    autocannon({ url: `${server.url}/chat/Chatbot/GetSession`, connections: 50, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }) })
  for (const server of servers) await load(server, 3)
  const runs = servers.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < servers.length; i++) {
      const index = (i + round) % servers.length
      const server = servers[index]
      const before = mainThreadCpuUs(server.pid)
      const result = await load(server, seconds)
      if (result.non2xx || result.errors) throw new Error(`${server.label}: ${result.non2xx} non-2xx, ${result.errors} errors`)
      runs[index].push({ rate: result.requests.average, cpuUs: (mainThreadCpuUs(server.pid) - before) / result.requests.total })
    }
  }
  const baselineCpu = median(runs[0].map((run) => run.cpuUs))
  console.log(`${ROUNDS} rounds of ${seconds} s, 50 connections; medians. Main-thread CPU per request, and its difference from the baseline's:`)
  servers.forEach((server, index) => {
    const cpu = median(runs[index].map((run) => run.cpuUs))
    const rates = runs[index].map((run, round) => ratio(run.rate, runs[0][round].rate))
    console.log(`${server.label}: ${Math.round(median(runs[index].map((run) => run.rate)))}/s, ${median(rates)}× the baseline (rounds ${rates.join(', ')}); ${cpu.toFixed(1)} µs a request, +${(cpu - baselineCpu).toFixed(1)} µs`)
  })
} finally {
  for (const server of servers) await server.stop()
  await upstream.stop()
}
