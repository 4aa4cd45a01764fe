import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Every file under `dir` (recursively) whose bytes contain `needle`, and how many files were read. */
export async function filesContaining(dir, needle) {
  const wanted = Buffer.from(needle)
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name))
  const hits = []
  for (const file of files) if ((await readFile(file)).includes(wanted)) hits.push(file)
  return { hits, scanned: files.length }
}
