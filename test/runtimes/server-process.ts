import { spawn, type ChildProcess } from 'node:child_process'

/** A server of the matrix, started in a process of its own on 127.0.0.1. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** What the process has printed so far, stdout and stderr interleaved. */
  output: () => string
  stop: () => Promise<void>
}

// What each host prints once it listens: ours ("listening 1234"), and `deno serve`'s ("Listening on http://127.0.0.1:1234/").
const LISTENING = /(?:^|\n)listening (\d+)|Listening on https?:\/\/127\.0\.0\.1:(\d+)/

const STARTUP_MS = 30_000
const STOP_MS = 5_000

/** Starts `command args` and resolves once it says which port it listens on; rejects (with its output) if it exits or takes over 30 s. */
export function startServer(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let started = false
    const fail = (why: string) => {
      if (started) return
      clearTimeout(timer)
      void stop(child, exited)
      reject(new Error(`${[command, ...args].join(' ')}: ${why}\n${output}`))
    }
    const timer = setTimeout(() => fail(`not listening after ${STARTUP_MS} ms`), STARTUP_MS)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const port = LISTENING.exec(output)?.slice(1).find(Boolean)
      if (!port) return
      started = true
      clearTimeout(timer)
      child.stdout.off('data', read)
      child.stderr.off('data', read)
      const keep = (more: Buffer) => (output += more.toString())
      child.stdout.on('data', keep)
      child.stderr.on('data', keep)
      resolve({ origin: `http://127.0.0.1:${port}`, output: () => output, stop: () => stop(child, exited) })
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`))
    child.once('error', (error) => fail(error.message))
  })
}

/** SIGTERM, then SIGKILL if it is still there after 5 s. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_MS)))
  if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL')
  clearTimeout(timer)
  await exited
}
