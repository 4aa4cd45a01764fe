import { createServer } from 'node:net'

/**
 * A TCP port on 127.0.0.1 that nothing listened on a moment ago (the OS's pick), for a server that cannot be
 * given port 0: redis-server, or one that Playwright starts. Plain TypeScript with only node imports, so
 * Playwright's own loader can import it from its configs as vitest does from tests.
 *
 * @example
 * process.env.E2E_APP_PORT ??= String(await freePort())
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('The OS gave no port.'))))
    })
  })
}
