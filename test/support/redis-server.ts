import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from './free-port'
import { findBinary, REDIS_SERVER } from './system-binary'

/**
 * Whether this machine can run the real-Redis tests (see {@link findBinary}): wrap them in
 * `describe.skipIf(redisServer.status === 'skip')(suiteName(…, redisServer), …)`.
 */
export const redisServer = findBinary(REDIS_SERVER)

/** A real redis-server on 127.0.0.1, started by a test; nothing is written to disk. */
export interface RedisServer {
  url: string
  port: number
  /** Stops it (SIGTERM) and waits until the process has exited. */
  stop(): Promise<void>
  /** Kills it (SIGKILL: no goodbye to its clients) and waits until the process has exited. */
  kill(): Promise<void>
  /** Freezes it (SIGSTOP): connections stay open, the kernel still accepts new ones, and nothing is answered. */
  pause(): void
  /** Lets a paused server go on (SIGCONT): it then runs what its clients sent meanwhile. */
  resume(): void
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`)))
    child.once('error', reject)
  })
}

/**
 * Starts redis-server (`/usr/bin/redis-server`, or `$REDIS_SERVER`) on a free 127.0.0.1 port (or `port`: a
 * restart on the port of one that was killed) with persistence off (`--save ''`, `--appendonly no`). Fails loudly when the binary is missing: suites that need it are skipped
 * before this outside CI, and under CI they must fail.
 *
 * @example
 * const redis = await startRedisServer()
 * afterAll(() => redis.stop())
 */
export async function startRedisServer({ port: givenPort }: { port?: number } = {}): Promise<RedisServer> {
  if (redisServer.status !== 'found') throw new Error(redisServer.status === 'fail' ? redisServer.message : redisServer.notice)
  const port = givenPort ?? (await freePort())
  const child = spawn(
    redisServer.path,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await waitUntilReady(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.stdout?.resume()
  const running = () => child.exitCode === null && child.signalCode === null
  const end = (signal: NodeJS.Signals) => {
    if (running()) {
      // A paused process only acts on SIGTERM once it may run again.
      child.kill(signal)
      child.kill('SIGCONT')
    }
    return exited
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  }
}

/**
 * {@link startRedisServer}, with its stop added to `cleanups`, which the test's `afterEach` runs.
 *
 * @example
 * const server = await startRedisServerUntil(cleanups, { port })
 */
export async function startRedisServerUntil(cleanups: Array<() => unknown>, options: { port?: number } = {}): Promise<RedisServer> {
  const server = await startRedisServer(options)
  cleanups.push(() => server.stop())
  return server
}
