/* global Bun */
// `bun serve-bun.mjs <module>`: serves the module's default export as Bun serves a module run with `bun run`
// (`Bun.serve` with its `fetch`), but on 127.0.0.1 and a free port, which it says on stdout as "listening <port>".
const app = (await import(process.argv[2])).default
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, bunServer) => app.fetch(request, bunServer) })
console.log(`listening ${server.port}`)
