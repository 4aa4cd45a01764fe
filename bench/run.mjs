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

function figures({ sizes, perCall, react, proxy }) {
  const baseline = sizes['size-baseline']
  const rows = []
  for (const id of ['size-react', 'size-core', 'size-server']) {
    const size = sizes[id]
    const goal = id === 'size-react' ? 2_000 : undefined
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
    rows.push({
      figure: `proxy requests/s (toNodeHandler, ${proxy.connections} connections, ${proxy.seconds} s)`,
      value: `${Math.round(proxy.requestsPerSecond).toLocaleString('en-US')}/s`,
      baseline: `${Math.round(proxy.baselineRequestsPerSecond).toLocaleString('en-US')}/s (upstream direct)`,
      ratio: proxy.throughputRatio,
      goal: '≥ 0.85×',
      met: proxy.throughputRatio >= 0.85,
    })
    rows.push({
      figure: 'proxy p99 latency (same runs)',
      value: `${proxy.p99Ms} ms`,
      baseline: `${proxy.baselineP99Ms} ms (upstream direct)`,
      ratio: ratio(proxy.p99Ms, proxy.baselineP99Ms),
      goal: '≤ baseline + 2 ms',
      met: proxy.p99AddedMs <= 2,
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

const rows = figures({ sizes, perCall, react, proxy })
const table = markdownTable(rows)
const results = { date: new Date().toISOString(), machine: host, seconds: Math.round((Date.now() - started) / 1000), figures: rows, details: { sizes, perCall, react, proxy } }
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
console.log(table)
console.log(`\n${host.nproc} cores, Node ${host.node}, ${host.cpu}, load average ${host.loadAverage1m.toFixed(2)} at start; ${results.seconds} s in all. Details: bench/results.json`)
for (const mode of ['sequential', 'concurrent']) {
  const run = perCall[mode]
  const spread = `${Math.min(...run.pairRatios)}–${Math.max(...run.pairRatios)}`
  console.log(`Per call (${mode}): round ratios ${spread}; client CPU per call: createChatSession ${run.clientCpuUsPerCall} µs, fetch + res.json() ${run.baselineClientCpuUsPerCall} µs.`)
}
if (proxy) {
  const { reference } = proxy
  console.log(`Server CPU per request: handler process ${proxy.proxyCpuUsPerRequest} µs, upstream process ${proxy.upstreamCpuUsPerRequest} µs.`)
  console.log(`Reference hand-written fetch proxy (bench/reference-proxy.mjs): ${Math.round(reference.requestsPerSecond)}/s (${reference.throughputRatio}× the upstream), p99 ${reference.p99Ms} ms, ${reference.cpuUsPerRequest} µs CPU per request.`)
}
