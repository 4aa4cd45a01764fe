import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'

const REDIS_SERVER = '/usr/bin/redis-server'

/** A real redis-server on 127.0.0.1, started by a test; nothing is written to disk. */
export interface RedisServer {
  url: string
  port: number
  /** Stops it (SIGTERM) and waits until the process has exited. */
  stop(): Promise<void>
}

/** A port nothing listens on right now (the OS's pick), for a server that cannot take port 0. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
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
 * Starts `/usr/bin/redis-server` on a free 127.0.0.1 port with persistence off (`--save ''`,
 * `--appendonly no`). Fails loudly when the binary is missing: these tests never skip.
 *
 * @example
 * const redis = await startRedisServer()
 * afterAll(() => redis.stop())
 */
export async function startRedisServer(): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER))
    throw new Error(`${REDIS_SERVER} is missing: the Redis store's tests need a real server. Install it with: apt-get install -y redis-server`)
  const port = await freePort()
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await waitUntilReady(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.stdout?.resume()
  let stopped: Promise<void> | undefined
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return (stopped ??= exited)
    },
  }
}
