// Serves the built Storybook (storybook-static) on 127.0.0.1, as a static host would: `node serve-static.mjs <port>`.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../storybook-static/', import.meta.url))
const port = Number(process.argv[2])
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

async function fileFor(pathname) {
  const path = normalize(join(root, decodeURIComponent(pathname)))
  if (!path.startsWith(root)) return undefined
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) return fileFor(join(pathname, 'index.html'))
  return info?.isFile() ? path : undefined
}

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1')
  const file = request.method === 'GET' || request.method === 'HEAD' ? await fileFor(pathname) : undefined
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${request.method} ${pathname}`)
    return
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
  if (request.method === 'HEAD') response.end()
  else createReadStream(file).pipe(response)
})

server.listen(port, '127.0.0.1', () => console.log(`storybook-static on http://127.0.0.1:${port}`))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
