// `node bench/profile-proxy.mjs [target] [call] [seconds]`: where a proxy server's time goes. Starts the fake
// upstream and one bench server (`target`: toNodeHandler, checkedProxy, fetchHandler, fetchRoute, baseline) under
// `node --cpu-prof`, loads it with `call` (session or message) for `seconds`, and prints the functions with the
// most self time (the whole profile is left in bench/profiles/ for Chrome's DevTools). Run after `npm run build`.
import autocannon from 'autocannon'
import { fork } from 'node:child_process'
import { readdirSync, readFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startServerProcess } from './server-process.mjs'

const SCRIPTS = {
  baseline: './minimal-node-proxy.mjs',
  toNodeHandler: './proxy-server.mjs',
  checkedProxy: './checked-node-proxy.mjs',
  fetchHandler: './fetch-handler-server.mjs',
  fetchRoute: './minimal-fetch-route.mjs',
}
const [target = 'toNodeHandler', call = 'message', seconds = '10'] = process.argv.slice(2)
const SERIAL = '3254a9d0-bench'
const here = (file) => fileURLToPath(new URL(file, import.meta.url))
const dir = here('./profiles/')
mkdirSync(dir, { recursive: true })

/** The server under the profiler; it writes its profile when it exits, which it does when the IPC channel closes. */
function startProfiled(script, env) {
  return new Promise((resolve, reject) => {
    const child = fork(here(script), [], {
      env: { ...process.env, ...env },
      execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${target}-${call}.cpuprofile`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.once('error', reject)
    child.once('message', ({ url }) => resolve({ url, stop: () => new Promise((done) => (child.once('exit', done), child.disconnect())) }))
  })
}

/** Self time per function (name and place), largest first, as a share of the samples. */
function topSelfTime(profile, count = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map()
  const deltas = profile.timeDeltas
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id)
    const place = callFrame.url ? `${callFrame.url.replace(/^.*\/(node_modules|dist|bench)\//, '$1/')}:${callFrame.lineNumber + 1}` : ''
    const key = `${callFrame.functionName || '(anonymous)'} ${place}`.trim()
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0))
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`)
}

const upstream = await startServerProcess(here('./fake-upstream.mjs'))
try {
  const server = await startProfiled(SCRIPTS[target], { HOTTASK_UPSTREAM_URL: upstream.url, HOTTASK_SERIAL: SERIAL })
  let path = '/chat/Chatbot/GetSession'
  let body = JSON.stringify({ serialNumber: SERIAL })
  if (call === 'message') {
    const session = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const { Data } = await session.json()
    path = '/chat/Chat/ClientAsk'
    body = JSON.stringify({ sessionID: Data.SessionID, content: 'Hello! What are your opening hours?', sessionToken: Data.SessionToken })
  }
  const result = await autocannon({ url: server.url + path, connections: 50, duration: Number(seconds), method: 'POST', headers: { 'content-type': 'application/json' }, body })
  await server.stop()
  console.log(`${target} ${call}: ${Math.round(result.requests.average)}/s, ${result.non2xx} non-2xx, ${result.errors} errors`)
  const file = readdirSync(dir).find((name) => name === `${target}-${call}.cpuprofile`)
  for (const line of topSelfTime(JSON.parse(readFileSync(dir + file, 'utf8')))) console.log(line)
} finally {
  await upstream.stop()
}
