// Heap held by the rate limiter's default (memory) store after 1,000,000 distinct clients within one window,
// against its documented cap. Run: node --expose-gc bench/rate-limit-memory.mjs
// The store is internal (not exported), so it is built from its TypeScript source for this run.
/* global gc */
import { importSource } from './rate-limit-source.mjs'

const CLIENTS = 1_000_000
const WINDOW_MS = 60_000
/** The cap the README documents for the default store, with keys of the longest allowed length. */
const CAP_MIB = 64

if (typeof gc !== 'function') throw new Error('Run with node --expose-gc bench/rate-limit-memory.mjs')

const heapMiB = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const keyKinds = {
  'IPv4 address': (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  'IPv6 /64 network': (i) => `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::/64`,
  '256-character key (the longest allowed)': (i) => String(i).padStart(256, 'k'),
}

const { createMemoryStore, DEFAULT_MAX_CLIENTS } = await importSource('src/server/rate-limit/memory-store.ts')
const results = []
for (const [kind, keyOf] of Object.entries(keyKinds)) {
  const before = heapMiB()
  // One window for all: the clock does not move, so nothing expires and only the bound keeps memory down.
  let store = createMemoryStore({ limit: 10, now: () => 1_000_000 })
  const started = process.hrtime.bigint()
  for (let i = 0; i < CLIENTS; i++) store.hit(keyOf(i), WINDOW_MS)
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6
  const after = heapMiB()
  results.push({
    kind,
    clients: CLIENTS,
    tracked: store.size,
    heapHeldMiB: +(after - before).toFixed(1),
    nsPerHit: Math.round((elapsedMs * 1e6) / CLIENTS),
    underCap: after - before <= CAP_MIB,
  })
  store = undefined
}
console.log(JSON.stringify({ node: process.version, maxClients: DEFAULT_MAX_CLIENTS, capMiB: CAP_MIB, results }, null, 2))
if (results.some((result) => !result.underCap)) process.exitCode = 1
