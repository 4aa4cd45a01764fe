// `npm run bench`: builds the library, measures every figure beside its baseline in this one run, prints a
// table and writes bench/results.json. HOTTASK_BENCH_PROXY_SECONDS shortens the load runs while editing.
import { execSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { measurePerCall } from './per-call.mjs'
import { measureProxy } from './proxy.mjs'
import { measureReactCommits } from './react-commits.mjs'
import { measureSizes } from './size.mjs'
import { describeSoak, measureSoak } from './soak.mjs'
import { ratio } from './stats.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const log = (message) => console.error(`[bench] ${message}`)

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown'
  return { nproc: availableParallelism(), node: process.version, cpu, loadAverage1m: loadavg()[0] }
}

function build() {
  log('npm run build')
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`)
}

const serverIsBuilt = () =>
  execSync(`node --input-type=module -e "import('./dist/server.js').then(m => process.stdout.write(typeof m.toNodeHandler))"`, {
    cwd: root,
    encoding: 'utf8',
  }) === 'function'

const bytes = (n) => `${n.toLocaleString('en-US')} B`
const ms = (n) => `${n.toFixed(3)} ms`

function figures({ sizes, perCall, react, proxy, soak }) {
  const baseline = sizes['size-baseline']
  const rows = []
  const sizeGoals = { 'size-react': 4_000, 'size-chat': 6_500 }
  for (const id of ['size-react', 'size-chat', 'size-core', 'size-server']) {
    const size = sizes[id]
    const goal = sizeGoals[id]
    rows.push({
      figure: `gzip size of ${size.label}`,
      value: size.error ? `not built: ${size.error}` : bytes(size.gzipBytes),
      baseline: `${bytes(baseline.gzipBytes)} (raw fetch snippet)`,
      ratio: size.error ? undefined : ratio(size.gzipBytes, baseline.gzipBytes),
      goal: goal ? `≤ ${bytes(goal)}` : '—',
      met: goal && !size.error ? size.gzipBytes <= goal : undefined,
    })
  }
  for (const mode of ['sequential', 'concurrent']) {
    const run = perCall[mode]
    rows.push({
      figure: `createChatSession per call, ${perCall.calls.toLocaleString('en-US')} calls ${mode === 'sequential' ? 'one at a time' : `${run.concurrency} concurrent`} (median of ${perCall.rounds} rounds each)`,
      value: ms(run.msPerCall),
      baseline: `${ms(run.baselineMsPerCall)} (fetch + res.json())`,
      ratio: run.ratio,
      goal: '≤ 1.05×',
      met: run.ratio <= 1.05,
    })
  }
  const chatRatio = ratio(react.chatCommits, react.baselineChatCommits)
  rows.push({
    figure: 'React commits per message exchange (click to answer on screen), useChat',
    value: String(react.chatCommits),
    baseline: `${react.baselineChatCommits} (useMutation + useState by hand)`,
    ratio: chatRatio,
    goal: '≤ 1.00×',
    met: chatRatio <= 1,
  })
  const commitRatio = ratio(react.commits, react.baselineCommits)
  rows.push({
    figure: 'React commits from mutate() to success',
    value: String(react.commits),
    baseline: `${react.baselineCommits} (plain useMutation)`,
    ratio: commitRatio,
    goal: '1.00×',
    met: commitRatio <= 1,
  })
  if (proxy) {
    const { baseline, toNodeHandler } = proxy.targets
    const perSecond = (target) => `${Math.round(target.requestsPerSecond).toLocaleString('en-US')}/s`
    const load = `${proxy.connections} connections, ${proxy.seconds} s, median of ${proxy.rounds} rounds`
    rows.push({
      figure: `proxy requests/s: toNodeHandler (${load})`,
      value: perSecond(toNodeHandler),
      baseline: `${perSecond(baseline)} (${baseline.label})`,
      ratio: toNodeHandler.throughputRatio,
      goal: '≥ 0.85×',
      met: toNodeHandler.throughputRatio >= 0.85,
    })
    rows.push({
      figure: 'proxy p99 latency: toNodeHandler (same runs)',
      value: `${toNodeHandler.p99Ms} ms`,
      baseline: `${baseline.p99Ms} ms (${baseline.label})`,
      ratio: toNodeHandler.p99Ratio,
      goal: '≤ 1.2×',
      met: toNodeHandler.p99Ratio <= 1.2,
    })
    const messageBaseline = proxy.messages.baseline
    const messages = proxy.messages.toNodeHandler
    rows.push({
      figure: `proxy requests/s, messages (ClientAsk, a valid session token each): toNodeHandler (${load})`,
      value: perSecond(messages),
      baseline: `${perSecond(messageBaseline)} (${messageBaseline.label}, no token checked)`,
      ratio: messages.throughputRatio,
      goal: '≥ 0.85×',
      met: messages.throughputRatio >= 0.85,
    })
    rows.push({
      figure: 'proxy p99 latency, messages: toNodeHandler (same runs)',
      value: `${messages.p99Ms} ms`,
      baseline: `${messageBaseline.p99Ms} ms (${messageBaseline.label})`,
      ratio: messages.p99Ratio,
      goal: '—',
    })
    // The floor: what the handler's checks cost when written by hand (bench/checked-node-proxy.mjs).
    const floor = proxy.targets.checkedProxy
    rows.push({
      figure: `proxy requests/s, the floor: ${floor.label} (same runs; p99 ${floor.p99Ms} ms)`,
      value: perSecond(floor),
      baseline: `${perSecond(baseline)} (node:http proxy)`,
      ratio: floor.throughputRatio,
      goal: '—',
    })
    const messageFloor = proxy.messages.checkedProxy
    rows.push({
      figure: `proxy requests/s, messages, the floor: ${messageFloor.label} (same runs; p99 ${messageFloor.p99Ms} ms)`,
      value: perSecond(messageFloor),
      baseline: `${perSecond(messageBaseline)} (node:http proxy, no token checked)`,
      ratio: messageFloor.throughputRatio,
      goal: '—',
    })
    const onNode = proxy.fetchHandlerOnNode
    rows.push({
      figure: `proxy requests/s: the Fetch handler on Node (createHotTaskHandler under a minimal Node adapter, as Next.js runs it) (${load})`,
      value: perSecond(onNode.fetchHandler),
      baseline: `${perSecond(onNode.fetchRoute)} (${onNode.fetchRoute.label})`,
      ratio: onNode.fetchHandler.throughputRatio,
      goal: '≥ 1.00×',
      met: onNode.fetchHandler.throughputRatio >= 1,
    })
    for (const name of ['fetchHandler', 'fetchRoute', 'fetchProxy', 'upstream']) {
      const target = proxy.targets[name]
      rows.push({
        figure: `proxy requests/s: ${target.label} (same runs; p99 ${target.p99Ms} ms)`,
        value: perSecond(target),
        baseline: `${perSecond(baseline)} (node:http proxy)`,
        ratio: target.throughputRatio,
        goal: '—',
      })
    }
  }
  if (soak) {
    const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`
    const { startBytes, afterWarmUpBytes, endBytes } = soak.rss
    rows.push({
      figure: `soak: toNodeHandler, ${soak.requests.toLocaleString('en-US')} requests (sessions, messages, 400 refusals in turn; ${soak.connections} connections): RSS at start, after the first fifth, at the end`,
      value: `${mb(startBytes)} → ${mb(afterWarmUpBytes)} → ${mb(endBytes)}`,
      baseline: '—',
      goal: 'all answered, 0 unexpected statuses',
      met: !soak.stoppedEarly && soak.completed === soak.requests && soak.unexpectedStatuses + soak.errors + soak.timeouts === 0,
    })
  }
  return rows
}

function markdownTable(rows) {
  const cell = (value) => (value === undefined ? '—' : String(value))
  const lines = ['| figure | value | baseline | ratio | goal | met |', '|---|---|---|---|---|---|']
  for (const row of rows)
    lines.push(`| ${row.figure} | ${row.value} | ${row.baseline} | ${row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`} | ${row.goal} | ${row.met === undefined ? '—' : row.met ? 'yes' : 'no'} |`.replace(/undefined/g, cell()))
  return lines.join('\n')
}

const started = Date.now()
const host = machine()
build()
log('sizes')
const sizes = await measureSizes()
log('per-call time (sequential and concurrent)')
const perCall = await measurePerCall()
log('React commits (vitest + jsdom)')
const react = measureReactCommits()
let proxy
if (serverIsBuilt()) {
  const seconds = Number(process.env.HOTTASK_BENCH_PROXY_SECONDS ?? 10)
  log(`proxy load (${seconds} s runs)`)
  proxy = await measureProxy(seconds)
} else log('proxy: dist/server.js has no toNodeHandler yet, skipped')
let soak
if (proxy) {
  log('soak (toNodeHandler)')
  soak = await measureSoak()
}

const rows = figures({ sizes, perCall, react, proxy, soak })
const table = markdownTable(rows)
const results = { date: new Date().toISOString(), machine: host, seconds: Math.round((Date.now() - started) / 1000), figures: rows, details: { sizes, perCall, react, proxy, soak } }
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
console.log(table)
console.log(`\n${host.nproc} cores, Node ${host.node}, ${host.cpu}, load average ${host.loadAverage1m.toFixed(2)} at start; ${results.seconds} s in all. Details: bench/results.json`)
for (const mode of ['sequential', 'concurrent']) {
  const run = perCall[mode]
  const spread = `${Math.min(...run.pairRatios)}–${Math.max(...run.pairRatios)}`
  console.log(`Per call (${mode}): round ratios ${spread}; client CPU per call: createChatSession ${run.clientCpuUsPerCall} µs, fetch + res.json() ${run.baselineClientCpuUsPerCall} µs.`)
}
if (proxy) {
  for (const [name, target] of Object.entries(proxy.targets))
    console.log(`Proxy ${name} (${target.label}): round ratios ${target.roundRatios.join(', ')}; p99 ratios ${target.roundP99Ratios.join(', ')}; ${target.cpuUsPerRequest} µs server CPU per request.`)
  const onNode = proxy.fetchHandlerOnNode.fetchHandler
  console.log(`Proxy fetchHandler against fetchRoute (same adapter): round ratios ${onNode.roundRatios.join(', ')}; p99 ratios ${onNode.roundP99Ratios.join(', ')}.`)
  for (const [name, target] of Object.entries(proxy.messages))
    console.log(`Proxy messages ${name} (${target.label}): round ratios ${target.roundRatios.join(', ')}; p99 ratios ${target.roundP99Ratios.join(', ')}; ${target.cpuUsPerRequest} µs server CPU per request.`)
}
if (soak) console.log(`Soak: ${describeSoak(soak)}.`)
