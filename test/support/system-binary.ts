import { existsSync } from 'node:fs'

/** A program from the operating system that some tests need (not an npm package: `npm ci` cannot install it). */
export interface SystemBinary {
  /** Its name, as the notice says it. */
  name: string
  /** Where Debian puts it. */
  defaultPath: string
  /** The environment variable that may name another path. */
  variable: string
  /** The command that installs it. */
  install: string
}

/** redis-server, for the Redis store's tests (they start their own server on a free port). */
export const REDIS_SERVER: SystemBinary = {
  name: 'redis-server',
  defaultPath: '/usr/bin/redis-server',
  variable: 'REDIS_SERVER',
  install: 'apt-get install -y redis-server',
}

/**
 * Whether tests that need `binary` run: `found` (at `path`), `skip` (missing on a contributor's machine: those
 * tests are skipped and the run says so), or `fail` (missing under `CI=true`: CI must never skip them silently,
 * so the tests run and fail on the missing binary).
 */
export type BinaryLookup =
  | { status: 'found'; path: string }
  | { status: 'skip'; path: string; notice: string }
  | { status: 'fail'; path: string; message: string }

/** The marker a skipped suite's name carries, so the run's summary can name it (see skip-notice-reporter.ts). */
export const SKIPPED_MARKER = '[skipped: '

/**
 * Looks `binary` up at `$<variable>` or its default path.
 *
 * @example
 * const redis = findBinary(REDIS_SERVER)
 * describe.skipIf(redis.status === 'skip')(…)
 */
export function findBinary(
  binary: SystemBinary,
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): BinaryLookup {
  const path = env[binary.variable] || binary.defaultPath
  if (exists(path)) return { status: 'found', path }
  const missing = `${path} is missing: the tests that need a real ${binary.name} cannot run.`
  if (env.CI === 'true' || env.CI === '1')
    return { status: 'fail', path, message: `${missing} CI must run them: install it first (${binary.install}).` }
  return {
    status: 'skip',
    path,
    notice: `${binary.name} not found at ${path}, so its tests were skipped. For the full run: ${binary.install} (or ${binary.variable}=/path/to/${binary.name} npm test).`,
  }
}

/**
 * The name of a suite that needs `lookup`'s binary: `name` itself, or with the skip marker and the reason.
 *
 * @example
 * describe.skipIf(redis.status === 'skip')(suiteName('the Redis store', redis), () => { … })
 */
export function suiteName(name: string, lookup: BinaryLookup): string {
  return lookup.status === 'skip' ? `${name} ${SKIPPED_MARKER}${lookup.notice}]` : name
}
