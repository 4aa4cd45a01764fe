import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { CACHE_DIR, ROOT } from '../docs/built-package'
import { pageBlocks } from '../docs/markdown-blocks'

/** The page whose Redis setups the child apps are made of. */
export const REDIS_DOCS_PAGE = 'docs/proxy-and-security.md'

/** The serial number the docs' route allows, as the page writes it. */
export const DOCS_SERIAL_NUMBER = '3254a9d0-…'

/**
 * How each setup of the page becomes an app: the one block that creates the store with that client (it imports
 * it, and calls `createRedisRateLimitStore`), untouched, as a module (`docs-block:setup`), and what serves it. The node-redis block is a whole route (it exports `POST`); the ioredis block exports the store,
 * which the app gives to a handler as the node-redis route does.
 */
const SETUPS = {
  redis: { imports: "from 'redis'", serve: "export { POST } from 'docs-block:setup'" },
  ioredis: {
    imports: "from 'ioredis'",
    serve: [
      "import { createHotTaskHandler } from 'react-hottask/server'",
      "import { store } from 'docs-block:setup'",
      `export const POST = createHotTaskHandler({ allowedSerialNumbers: [${JSON.stringify(DOCS_SERIAL_NUMBER)}], rateLimit: { limit: 10, windowMs: 60_000, clientKey: (request) => request.headers.get('x-real-ip') ?? undefined, store } })`,
    ].join('\n'),
  },
} as const

export type DocsSetup = keyof typeof SETUPS

/**
 * The app's main: HotTask's real host is never called (every call to it goes to `HOTTASK_FAKE_URL`, and any
 * other throws), and the route's `POST` is served through node:http on a free 127.0.0.1 port, said on
 * stdout as `listening <port>`. On Node the handler calls HotTask with node:https (a `fetch` too is redirected,
 * should it ever use one).
 */
const MAIN = `
import http, { createServer } from 'node:http'
import https from 'node:https'
const realFetch = globalThis.fetch
const HOTTASK = 'https://usapi.hottask.com'
globalThis.fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input)
  if (!url.startsWith(HOTTASK)) throw new Error('the docs app fetched ' + url)
  return realFetch(process.env.HOTTASK_FAKE_URL + url.slice(HOTTASK.length), init)
}
const fake = new URL(process.env.HOTTASK_FAKE_URL)
const fakeAgent = new http.Agent({ keepAlive: true })
https.request = (options, ...rest) => {
  if (options.hostname !== new URL(HOTTASK).hostname) throw new Error('the docs app requested ' + options.hostname)
  return http.request({ ...options, agent: fakeAgent, hostname: fake.hostname, port: fake.port }, ...rest)
}
const { POST } = await import('docs-block:serve')
const server = createServer(async (req, res) => {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const request = new Request('http://127.0.0.1' + req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) })
  const response = await POST(request)
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
})
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port))
`

/** The block of the page that sets the store up with `setup`'s client; throws unless there is exactly one. */
export function setupBlock(setup: DocsSetup) {
  const blocks = pageBlocks(REDIS_DOCS_PAGE).filter(
    (block) => block.code.includes(SETUPS[setup].imports) && block.code.includes('createRedisRateLimitStore(redis)') && !block.code.includes('failOpen'),
  )
  if (blocks.length !== 1) throw new Error(`${REDIS_DOCS_PAGE} should have one block that sets up the store with ${setup}, found ${blocks.length}.`)
  return blocks[0]!
}

/** Serves the blocks as modules, and `react-hottask/server` from src, as the docs tests do. */
function docsBlocks(setup: DocsSetup): Plugin {
  const block = setupBlock(setup)
  const contents: Record<string, string> = { setup: block.code, serve: SETUPS[setup].serve }
  return {
    name: 'docs-blocks',
    setup(plugin) {
      plugin.onResolve({ filter: /^docs-block:/ }, (args) => ({ path: args.path.slice('docs-block:'.length), namespace: 'docs-block' }))
      plugin.onLoad({ filter: /.*/, namespace: 'docs-block' }, (args) => ({ contents: contents[args.path], loader: 'ts', resolveDir: ROOT }))
      plugin.onResolve({ filter: /^react-hottask\/server$/ }, () => ({ path: join(ROOT, 'src', 'server', 'index.ts') }))
    },
  }
}

/**
 * Bundles the app of `setup` (the docs' block as it is on the page, react-hottask from src) into one file beside
 * the repository's node_modules, so that its `redis` or `ioredis` import finds the installed client.
 */
export async function buildDocsApp(setup: DocsSetup): Promise<string> {
  const dir = join(CACHE_DIR, 'redis-apps')
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, `${setup}-${process.pid}.mjs`)
  const main = join(dir, `main-${setup}-${process.pid}.mjs`)
  writeFileSync(main, MAIN)
  await build({ entryPoints: [main], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['redis', 'ioredis'], plugins: [docsBlocks(setup)], logLevel: 'error' })
  rmSync(main)
  return outfile
}

/** A running docs app: its port, and whether it is still alive. */
export interface DocsApp {
  url: string
  child: ChildProcess
  /** What it wrote to stderr so far. */
  stderr(): string
  stop(): Promise<void>
}

/** Starts the bundled app with `env` (REDIS_URL, HOTTASK_API_KEY, HOTTASK_FAKE_URL) and waits until it listens. */
export function startDocsApp(file: string, env: Record<string, string>): Promise<DocsApp> {
  const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise<DocsApp>((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const port = /listening (\d+)/.exec(stdout)?.[1]
      if (port)
        resolve({
          url: `http://127.0.0.1:${port}`,
          child,
          stderr: () => stderr,
          stop: () => (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), exited),
        })
    })
    child.once('exit', (code) => reject(new Error(`the docs app exited (code ${code}) before it listened:\n${stderr}`)))
  })
}
