import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { bunBinary, denoBinary } from './binaries'
import { bundleForNode, bundleForWorkers, type ScratchApp } from './scratch-app'
import { startServer, type ServerProcess } from './server-process'

/** One row of the matrix: a docs snippet on a runtime. */
export interface ServerSpec {
  name: string
  runtime: 'workerd' | 'bun' | 'deno' | 'node'
  /** The snippet it serves (the path on the block's first line in docs/other-servers.md). */
  snippet: string
  start: (app: ScratchApp, apiKey: string) => Promise<ServerProcess>
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const LOOPBACK_PRELOAD = here('./listen-on-loopback.mjs')

/** The environment a server process gets: this one's, with the key (or without it, for `undefined`). */
function envWith(apiKey: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.HOTTASK_API_KEY
  if (apiKey !== undefined) env.HOTTASK_API_KEY = apiKey
  return env
}

/** A Worker on workerd through Miniflare, bundled as wrangler bundles it, with the key as a secret binding. */
const onWorkerd =
  (snippet: string) =>
  async (app: ScratchApp, apiKey: string): Promise<ServerProcess> => {
    const scriptPath = await bundleForWorkers(app.file(snippet))
    const worker = new Miniflare({ modules: true, scriptPath, compatibilityDate: '2026-07-01', bindings: { HOTTASK_API_KEY: apiKey }, host: '127.0.0.1', port: 0 })
    const url = await worker.ready
    return { origin: url.origin, output: () => '', stop: () => worker.dispose() }
  }

/** A module whose default export has `fetch`, served as `bun run` serves it. */
const onBun = (snippet: string) => (app: ScratchApp, apiKey: string) =>
  startServer(bunBinary(), [here('./serve-bun.mjs'), app.file(snippet)], { cwd: app.dir, env: envWith(apiKey) })

/** `deno serve` of a module whose default export has `fetch`, with the permissions the docs give. */
export const denoServe = (snippet: string, permissions: string[]) => (app: ScratchApp, apiKey: string) =>
  startServer(denoBinary(), ['serve', ...permissions, '--no-prompt', '--host', '127.0.0.1', '--port', '0', app.file(snippet)], {
    cwd: app.dir,
    env: envWith(apiKey),
  })

/** A Node snippet that listens (on 3000 as printed; on a free loopback port here), bundled as a user's build would. */
const onNode = (snippet: string) => async (app: ScratchApp, apiKey: string) =>
  startServer(process.execPath, ['--import', LOOPBACK_PRELOAD, await bundleForNode(app.file(snippet))], { cwd: app.dir, env: envWith(apiKey) })

/** A React Router route module: its action and loader, answered by React Router for a resource route. */
const onReactRouter = (snippet: string) => async (app: ScratchApp, apiKey: string) =>
  startServer(process.execPath, [here('./serve-react-router.mjs'), await bundleForNode(app.file(snippet))], { cwd: app.dir, env: envWith(apiKey) })

/** Every server the docs name, each serving its snippet as printed. */
export const SERVERS: ServerSpec[] = [
  { name: 'Workers', runtime: 'workerd', snippet: 'src/worker.ts', start: onWorkerd('src/worker.ts') },
  { name: 'Hono on Workers', runtime: 'workerd', snippet: 'src/workers.ts', start: onWorkerd('src/workers.ts') },
  { name: 'Bun', runtime: 'bun', snippet: 'main.ts', start: onBun('main.ts') },
  { name: 'Hono on Bun', runtime: 'bun', snippet: 'src/bun.ts', start: onBun('src/bun.ts') },
  // With the narrowed flag the docs say is enough: the handler reads no other variable.
  { name: 'Deno', runtime: 'deno', snippet: 'main.ts', start: denoServe('main.ts', ['--allow-net', '--allow-env=HOTTASK_API_KEY']) },
  { name: 'Hono on Deno', runtime: 'deno', snippet: 'src/deno.ts', start: denoServe('src/deno.ts', ['--allow-net', '--allow-env']) },
  { name: 'Hono on Node', runtime: 'node', snippet: 'src/node.ts', start: onNode('src/node.ts') },
  { name: 'Express, handler before express.json()', runtime: 'node', snippet: 'server.ts', start: onNode('server.ts') },
  { name: 'Express, handler after express.json()', runtime: 'node', snippet: 'server-after-parser.ts', start: onNode('server-after-parser.ts') },
  { name: 'React Router action', runtime: 'node', snippet: 'app/routes/api.hottask.$.ts', start: onReactRouter('app/routes/api.hottask.$.ts') },
  { name: "Node's http, toNodeHandler", runtime: 'node', snippet: 'blocklist.ts', start: onNode('blocklist.ts') },
]

/** Servers with another key, one for each way of signing (node:crypto on Node, Web Crypto on workerd). */
export const OTHER_KEY_SERVERS: ServerSpec[] = [SERVERS[0]!, SERVERS.at(-1)!]
