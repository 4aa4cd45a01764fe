import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { ROOT } from '../docs/built-package'
import { pageBlocks, type DocBlock } from '../docs/markdown-blocks'

/** Where the scratch apps go, relative to the repository root (git-ignored). */
export const SCRATCH_DIR = '.runtimes'

/** The docs page whose snippets the runtime matrix serves. */
export const PAGE = 'docs/other-servers.md'

/**
 * A scratch app: the packed package and the docs page's snippets, in a git-ignored folder of the repository, so
 * the snippets find hono, express, react-router… in the repository's node_modules as an app's files find its own.
 * (Not under node_modules: Deno runs no TypeScript from there.)
 */
export interface ScratchApp {
  dir: string
  /** The path of the file a block of the page names on its first line (`src/app.ts`). */
  file: (snippetPath: string) => string
  /** The snippets of the page, by the path each names on its first line. */
  blocks: Map<string, DocBlock>
  remove: () => void
}

/**
 * Packs the package as it would be published (`npm pack` of the build in dist/, which `npm run test:runtimes`
 * makes first) and unpacks it as `react-hottask-packed`; `react-hottask` is a shim over it that gives
 * `createHotTaskHandler` the fake HotTask's `baseUrl` when a snippet gives none, and re-exports the rest as it is.
 * So every snippet runs as printed, on the packed build, and calls the fake instead of HotTask's host.
 */
export function createScratchApp(fakeBaseUrl: string): ScratchApp {
  const scratch = join(ROOT, SCRATCH_DIR)
  mkdirSync(scratch, { recursive: true })
  const dir = mkdtempSync(join(scratch, 'app-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'runtimes-app', private: true, type: 'module' }))
  // An app's own tsconfig: without one, esbuild and Bun would take the repository's, whose `paths` map
  // `react-hottask/*` to src/, and would run the sources instead of the package.
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, noEmit: true } }))

  const packed = join(dir, 'node_modules', 'react-hottask-packed')
  mkdirSync(packed, { recursive: true })
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as [{ filename: string }]
  execFileSync('tar', ['-xzf', join(dir, filename), '-C', packed, '--strip-components=1'])

  const shim = join(dir, 'node_modules', 'react-hottask')
  mkdirSync(shim, { recursive: true })
  writeFileSync(join(shim, 'package.json'), JSON.stringify({ name: 'react-hottask', type: 'module', exports: { './server': './server.js' } }))
  writeFileSync(
    join(shim, 'server.js'),
    [
      `import { createHotTaskHandler as createPacked } from 'react-hottask-packed/server'`,
      `export * from 'react-hottask-packed/server'`,
      `export const createHotTaskHandler = (options) => createPacked({ baseUrl: ${JSON.stringify(fakeBaseUrl)}, ...options })`,
      '',
    ].join('\n'),
  )

  const blocks = new Map<string, DocBlock>()
  for (const block of pageBlocks(PAGE)) {
    if (!block.path) continue
    blocks.set(block.path, block)
    const file = join(dir, block.path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, block.code)
  }
  return { dir, file: (path) => join(dir, path), blocks, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `entry` bundled for Node as a user's build would (imports of packages left to Node), into an .mjs beside it. */
export async function bundleForNode(entry: string): Promise<string> {
  const outfile = entry.replace(/\.ts$/, '.node.mjs')
  await build({ entryPoints: [entry], outfile, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' })
  return outfile
}

/** `entry` bundled for workerd as wrangler bundles a Worker (its conditions and main fields, ES modules). */
export async function bundleForWorkers(entry: string): Promise<string> {
  const outfile = entry.replace(/\.ts$/, '.worker.mjs')
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    format: 'esm',
    target: 'es2022',
    logLevel: 'error',
  })
  return outfile
}
