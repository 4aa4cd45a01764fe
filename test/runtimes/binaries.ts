import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../docs/built-package'

const packageDir = (name: string) => join(ROOT, 'node_modules', name)

const runs = (binary: string) => {
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * The binary that the npm package `name` ships, from its platform package (e.g. @oven/bun-linux-x64). The
 * package's postinstall links it in place; an npm that skipped install scripts left a placeholder there, so
 * the postinstall is run here then (it finds the platform package already installed: no download).
 */
function installedBinary(name: string, placed: string): string {
  const binary = join(packageDir(name), placed)
  if (existsSync(binary) && runs(binary)) return binary
  execFileSync(process.execPath, [join(packageDir(name), name === 'deno' ? 'install.cjs' : 'install.js')], { cwd: packageDir(name), stdio: 'inherit' })
  if (!runs(binary)) throw new Error(`${name}: no working binary at ${binary}, even after its install script.`)
  return binary
}

/** Bun, from the `bun` dev dependency. */
export const bunBinary = () => installedBinary('bun', 'bin/bun.exe')

/** Deno, from the `deno` dev dependency. */
export const denoBinary = () => installedBinary('deno', 'deno')

/** The first line `binary --version` prints. */
export const versionOf = (binary: string) => execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim()

/** The version of an installed npm package. */
export const packageVersion = (name: string) => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version

/** workerd, from the `workerd` package that Miniflare depends on (and finds by itself). */
export const workerdBinary = () => installedBinary('workerd', 'bin/workerd')
