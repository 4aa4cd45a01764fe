// A soak of toNodeHandler: many requests through the built handler (bench/proxy-server.mjs) to the fake upstream,
// each in its own process, with the handler's resident memory read at the start, after a warm-up and at the end,
// so a leak shows as memory that keeps growing. Every connection sends, in turn, a session, a message (one session
// token for all) and a refused session (an empty serial number: 400). Bounded in count and in time, loopback only.
// `node bench/soak.mjs` runs this part alone, against dist/ (`npm run build` first).
import autocannon from 'autocannon'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startServerProcess } from './server-process.mjs'

const CONNECTIONS = 50
/** No soak runs longer than this, however slow the machine; `stoppedEarly` then says so. */
const MAX_SECONDS = 180
const SERIAL = '3254a9d0-bench'
const SESSION_PATH = '/chat/Chatbot/GetSession'
const MESSAGE_PATH = '/chat/Chat/ClientAsk'
/** What each request kind is answered when all is well. */
const EXPECTED_STATUSES = new Set(['200', '400'])
const here = (file) => fileURLToPath(new URL(file, import.meta.url))

const json = (path, body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** The three requests every connection sends in turn, under the handler mounted at `baseUrl`. */
async function requestsFor(baseUrl) {
  const response = await fetch(baseUrl + SESSION_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }) })
  const { Data } = await response.json()
  if (typeof Data?.SessionToken !== 'string') throw new Error(`no session token from ${baseUrl}: HTTP ${response.status}`)
  const mount = new URL(baseUrl).pathname
  return [
    json(mount + SESSION_PATH, { serialNumber: SERIAL }),
    json(mount + MESSAGE_PATH, { sessionID: Data.SessionID, content: 'Hello! What are your opening hours?', stream: false, sessionToken: Data.SessionToken }),
    json(mount + SESSION_PATH, { serialNumber: '' }),
  ]
}

/** `amount` requests at `baseUrl`, stopped at `deadline` (epoch ms) if they are not done by then. */
async function send(baseUrl, requests, amount, deadline) {
  const run = autocannon({ url: baseUrl, connections: CONNECTIONS, amount, requests })
  const timer = setTimeout(() => run.stop(), Math.max(0, deadline - Date.now()))
  try {
    const result = await run
    const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]))
    return { sent: result.requests.sent ?? result.requests.total, statuses, errors: result.errors, timeouts: result.timeouts }
  } finally {
    clearTimeout(timer)
  }
}

const add = (into, from) => {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value
  return into
}

/**
 * Sends `requests` (a fifth of them first, as a warm-up) through toNodeHandler; returns the counts of statuses,
 * errors and unexpected statuses, and the handler process's resident memory at the start, after the warm-up and at
 * the end (bytes).
 */
export async function measureSoak(requests = 50_000) {
  const started = Date.now()
  const deadline = started + MAX_SECONDS * 1000
  const upstream = await startServerProcess(here('./fake-upstream.mjs'))
  let proxy
  try {
    proxy = await startServerProcess(here('./proxy-server.mjs'), { HOTTASK_UPSTREAM_URL: upstream.url, HOTTASK_SERIAL: SERIAL })
    const sequence = await requestsFor(proxy.url)
    const rss = { startBytes: proxy.rssBytes() }
    const warmUp = Math.floor(requests / 5)
    const first = await send(proxy.url, sequence, warmUp, deadline)
    rss.afterWarmUpBytes = proxy.rssBytes()
    const rest = await send(proxy.url, sequence, requests - warmUp, deadline)
    rss.endBytes = proxy.rssBytes()
    const statuses = add(add({}, first.statuses), rest.statuses)
    const completed = Object.values(statuses).reduce((sum, count) => sum + count, 0)
    const unexpected = Object.entries(statuses).reduce((sum, [status, count]) => sum + (EXPECTED_STATUSES.has(status) ? 0 : count), 0)
    return {
      requests,
      completed,
      connections: CONNECTIONS,
      seconds: Math.round((Date.now() - started) / 1000),
      stoppedEarly: Date.now() >= deadline,
      statuses,
      unexpectedStatuses: unexpected,
      errors: first.errors + rest.errors,
      timeouts: first.timeouts + rest.timeouts,
      rss,
    }
  } finally {
    await proxy?.stop()
    await upstream.stop()
  }
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** The soak as one line: requests, statuses, errors, and resident memory at start, after the warm-up and at the end. */
export function describeSoak(soak) {
  const statuses = Object.entries(soak.statuses)
    .map(([status, count]) => `${count.toLocaleString('en-US')} × ${status}`)
    .join(', ')
  const { startBytes, afterWarmUpBytes, endBytes } = soak.rss
  return (
    `${soak.completed.toLocaleString('en-US')} of ${soak.requests.toLocaleString('en-US')} requests in ${soak.seconds} s${soak.stoppedEarly ? ' (stopped at the time limit)' : ''}: ` +
    `${statuses}; ${soak.unexpectedStatuses} unexpected statuses, ${soak.errors} errors, ${soak.timeouts} timeouts; ` +
    `RSS ${mb(startBytes)} at start, ${mb(afterWarmUpBytes)} after the first fifth, ${mb(endBytes)} at the end`
  )
}

// Run alone: `node bench/soak.mjs [requests]` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const soak = await measureSoak(Number(process.argv[2] ?? 50_000))
  console.log(describeSoak(soak))
}
