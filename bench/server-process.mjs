import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'

const CLOCK_TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, in ms, from /proc; undefined where there is no /proc. */
function cpuMsOf(pid) {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

/** Resident memory of a process, in bytes, from /proc; undefined where there is no /proc. */
function rssBytesOf(pid) {
  try {
    const kib = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m)?.[1]
    return kib === undefined ? undefined : Number(kib) * 1024
  } catch {
    return undefined
  }
}

/**
 * Starts `script` in a child Node process that sends `{ url }` over IPC once it listens.
 * Resolves to that url, the child's `pid`, a `cpuMs()` reading of the child's CPU time, an `rssBytes()` reading of its resident memory,
 * and a `stop()` that ends this one child.
 */
export function startServerProcess(script, env = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const early = (code) => reject(new Error(`${script} exited (${code}) before it listened`))
    child.once('error', reject)
    child.once('exit', early)
    child.once('message', ({ url }) => {
      child.off('exit', early)
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done()
          child.once('exit', done)
          child.kill()
        })
      resolve({ url, pid: child.pid, stop, cpuMs: () => cpuMsOf(child.pid), rssBytes: () => rssBytesOf(child.pid) })
    })
  })
}
