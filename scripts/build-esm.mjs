// `npm run build`, after tsup: the ESM build, one file per source module (as @tanstack/react-query publishes),
// so an app's bundler keeps only the modules it imports. Each module keeps its own imports, rewritten to the
// emitted `.js` files; the package's imports (react, @tanstack/react-query, msw) stay as they are. The four
// entries (dist/index.js, core.js, server.js, msw.js) re-export their folder's index. The React modules that
// call React (hooks, the provider, the context: scripts/use-client-rule.mjs) start with 'use client', as do
// the React entry and its index. CJS stays one file per entry (tsup.config.ts).
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { needsUseClient, startsWithUseClient } from './use-client-rule.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const src = join(root, 'src')
const dist = join(root, 'dist')
const ENTRIES = { index: 'react', core: 'core', server: 'server', msw: 'msw' }
const USE_CLIENT = '"use client";\n'

const modules = (await readdir(src, { recursive: true }))
  .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
  .map((file) => join(src, file))

/** A relative import resolved to the module it names, then written as that module's emitted `.js` file. */
const emittedPaths = {
  name: 'emitted-paths',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, ({ path, importer, kind }) => {
      if (kind === 'entry-point') return undefined
      const base = resolve(dirname(importer), path)
      const found = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ending) => base + ending).find(existsSync)
      if (!found) return { errors: [{ text: `cannot resolve ${path} from ${relative(root, importer)}` }] }
      let emitted = relative(dirname(importer), found).replace(/\.tsx?$/, '.js')
      if (!emitted.startsWith('.')) emitted = `./${emitted}`
      return { path: emitted, external: true }
    })
  },
}

await build({
  entryPoints: modules,
  outdir: dist,
  outbase: src,
  format: 'esm',
  target: 'es2022',
  platform: 'neutral',
  // Bundling with every import external: one output file per module, its imports rewritten by the plugin.
  bundle: true,
  packages: 'external',
  plugins: [emittedPaths],
  jsx: 'automatic',
  logLevel: 'warning',
})

// esbuild keeps the React index's own directive; the hooks' and the provider's modules get theirs here.
for (const file of (await readdir(join(dist, 'react'), { recursive: true })).filter((name) => name.endsWith('.js'))) {
  const path = join(dist, 'react', file)
  const code = await readFile(path, 'utf8')
  if (needsUseClient(code) && !startsWithUseClient(code)) await writeFile(path, USE_CLIENT + code)
}

for (const [entry, folder] of Object.entries(ENTRIES))
  await writeFile(join(dist, `${entry}.js`), `${folder === 'react' ? USE_CLIENT : ''}export * from "./${folder}/index.js";\n`)
