// Loads a TypeScript module of this repository for a rate-limit measurement: bundled with esbuild into a
// temporary ES module, so the scripts measure the source as it is, internals included, without a build.
import { build } from 'esbuild'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Imports `path` (relative to the repository root), e.g. 'src/server/index.ts'. */
export async function importSource(path) {
  const source = fileURLToPath(new URL(`../${path}`, import.meta.url))
  const { outputFiles } = await build({ entryPoints: [source], bundle: true, format: 'esm', platform: 'node', packages: 'external', write: false })
  const dir = mkdtempSync(join(tmpdir(), 'rate-limit-bench-'))
  try {
    const file = join(dir, 'module.mjs')
    writeFileSync(file, outputFiles[0].text)
    return await import(pathToFileURL(file).href)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
