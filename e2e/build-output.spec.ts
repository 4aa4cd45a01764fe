import { expect, test } from '@playwright/test'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { canaryKey } from './fixtures'

const root = fileURLToPath(new URL('..', import.meta.url))
const example = join(root, 'examples', 'nextjs')

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

/** The files among `files` whose bytes contain `needle`. */
async function filesContaining(files: string[], needle: string): Promise<string[]> {
  const wanted = Buffer.from(needle)
  const hits: string[] = []
  for (const file of files) if ((await readFile(file)).includes(wanted)) hits.push(file)
  return hits
}

test('react-hottask is installed in the example from the packed tarball of this build', async () => {
  const installed = join(example, 'node_modules', 'react-hottask')
  const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as { version: string }
  expect((await readJson(join(installed, 'package.json'))).version).toBe((await readJson(join(root, 'package.json'))).version)
  // A real folder holding what `npm pack` ships (dist, not src), and the very files `npm run build` just made.
  const installedFiles = (await filesUnder(installed)).map((file) => relative(installed, file)).sort()
  expect(installedFiles.some((file) => file.startsWith('src/'))).toBe(false)
  const distFiles = installedFiles.filter((file) => file.startsWith('dist/'))
  expect(distFiles).toEqual((await filesUnder(join(root, 'dist'))).map((file) => relative(root, file)).sort())
  for (const file of distFiles) expect(await readFile(join(installed, file)), file).toEqual(await readFile(join(root, file)))
})

test('the key is in no file under .next/static, nor anywhere else in .next after the app has served requests', async () => {
  const nextDir = join(example, '.next')
  const staticFiles = await filesUnder(join(nextDir, 'static'))
  expect(staticFiles.length).toBeGreaterThan(0)
  expect(await filesContaining(staticFiles, canaryKey)).toEqual([])
  expect(await filesContaining(await filesUnder(nextDir), canaryKey)).toEqual([])
})
