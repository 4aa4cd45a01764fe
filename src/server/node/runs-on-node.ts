/**
 * True on Node itself. False on Bun, Deno and Cloudflare Workers, which also answer `process.versions.node` and
 * `process.getBuiltinModule('node:http')`: there `node:http` is a layer of compatibility over the runtime's own
 * `fetch`, so calling `fetch` directly is the shorter way. Each names itself in `navigator.userAgent`, which Node
 * has only from version 21 (`Node.js/21`).
 *
 * @example
 * const transport = (runsOnNode() && nodeTransport()) || fetchTransport(undefined)
 */
export function runsOnNode(): boolean {
  const versions = globalThis.process?.versions
  if (typeof versions?.node !== 'string' || 'bun' in versions || 'Deno' in globalThis) return false
  const agent = globalThis.navigator?.userAgent
  return agent === undefined || agent.startsWith('Node.js/')
}
