import { spawn } from 'node:child_process'

const running = new Set()

/** Stops the commands that `run` started and are still going (after a timeout or a signal). */
export function stopRunning() {
  for (const child of running) child.kill('SIGTERM')
}

/** Runs a command to completion with its output shown; rejects when it exits non-zero. */
export function run(command, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' })
    running.add(child)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      running.delete(child)
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd}`))
    })
  })
}

/** Runs a command and resolves with its stdout; rejects when it exits non-zero. */
export function capture(command, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    )
  })
}

/**
 * Starts a long-running server in its own process group (so its children stop with it) and keeps its
 * output for the failure report. `stop()` sends SIGTERM to the group, then SIGKILL if it lingers.
 */
export function startServer(command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)))
  let exitedWith
  exited.then((how) => (exitedWith = how))

  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // already gone
    }
  }

  return {
    output: () => output,
    exitedWith: () => exitedWith,
    exited,
    async stop() {
      if (exitedWith !== undefined) return
      signalGroup('SIGTERM')
      const killTimer = setTimeout(() => signalGroup('SIGKILL'), 5000)
      await exited
      clearTimeout(killTimer)
    },
  }
}

/** Polls `url` until it answers at all (any status), the server exits, or `timeoutMs` passes. */
export async function waitUntilServing(url, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitedWith() !== undefined) throw new Error(`the server exited (${server.exitedWith()}) before serving ${url}`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) })
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}
