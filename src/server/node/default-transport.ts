import { fetchTransport, type Transport } from '../relay/upstream'
import { nodeTransport } from './http-upstream'
import { runsOnNode } from './runs-on-node'

/**
 * How the handler calls HotTask, the Fetch handler and `toNodeHandler` alike: with the `fetch` option when one is
 * given; else on Node itself through `node:http(s)` with a keep-alive agent (about four times the throughput of
 * Node 20's `fetch` for these calls); else with the global `fetch`, the native client of Workers, the Edge runtime,
 * Bun and Deno (whose `node:http` is a layer over it, measured no faster there).
 *
 * @example
 * const upstreams = upstreamsOf(defaultTransport(options.fetch), options.baseUrl)
 */
export const defaultTransport = (givenFetch: typeof fetch | undefined): Transport =>
  (givenFetch === undefined && runsOnNode() && nodeTransport()) || fetchTransport(givenFetch)
