import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Options } from 'tsup'
import tsupConfig from '../../tsup.config'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Where the README check keeps its build and its snippets: under node_modules, so that the snippets find
 * react, msw, express… by walking up to the repository's node_modules, as a user's project would.
 */
export const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'react-hottask-docs')

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

/** A hash of everything the build reads, so an unchanged tree is not built again. */
function buildInputsHash(): string {
  const inputs = [...filesUnder(join(ROOT, 'src')), ...['package.json', 'package-lock.json', 'tsconfig.json', 'tsup.config.ts'].map((name) => join(ROOT, name))]
  const hash = createHash('sha256')
  for (const file of inputs.sort()) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex').slice(0, 16)
}

/**
 * Builds react-hottask with the project's own tsup config (its ESM part: the `.d.ts` files that `import`
 * resolves to; the ESM JavaScript, one file per module from scripts/build-esm.mjs, is not needed to type-check) into `<CACHE_DIR>/<hash>/node_modules/react-hottask`, beside a copy of
 * package.json, and returns that project directory. Snippets placed in it import `react-hottask` through
 * the package's `exports`, as users do. A build of the same sources is reused.
 */
export async function builtPackageProject(): Promise<string> {
  const project = join(CACHE_DIR, buildInputsHash())
  if (existsSync(join(project, 'package.json'))) return project

  const staging = `${project}.building-${process.pid}`
  const packageDir = join(staging, 'node_modules', 'react-hottask')
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(packageDir, { recursive: true })
  const esmConfigs = (tsupConfig as Options[]).filter((config) => [config.format].flat().includes('esm'))
  if (esmConfigs.length === 0) throw new Error('tsup.config.ts has no ESM build for the README check to use.')
  for (const config of esmConfigs) await build({ ...config, outDir: join(packageDir, 'dist'), silent: true, config: false })
  copyFileSync(join(ROOT, 'package.json'), join(packageDir, 'package.json'))
  // A project of its own: without it, the nearest package.json would be the repository's, and TypeScript would
  // resolve `react-hottask` to the repository's own dist/ (a package may import itself by name), stale or missing.
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'react-hottask-docs-check', private: true }))

  // Older builds are of sources that no longer exist (another run's staging directory is left alone).
  for (const old of readdirSync(CACHE_DIR)) if (/^[0-9a-f]{16}$/.test(old)) rmSync(join(CACHE_DIR, old), { recursive: true, force: true })
  renameSync(staging, project)
  return project
}
