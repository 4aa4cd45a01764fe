// `npm run check:package`: 'use client' on line 1 of the React entry (dist/index.js, dist/index.cjs, and
// dist/react/index.js behind it) and of every React module that calls React (hooks, the provider, the context:
// scripts/use-client-rule.mjs), as React Server Components bundlers require; on no other file. Server code,
// core and the msw mocks must never carry it.
import { readdir, readFile } from 'node:fs/promises'
import { needsUseClient, startsWithUseClient } from './use-client-rule.mjs'

const dist = new URL('../dist/', import.meta.url)
const REACT_ENTRY = new Set(['index.js', 'index.cjs', 'react/index.js'])
const problems = []
let carrying = 0
for (const file of (await readdir(dist, { recursive: true })).filter((name) => /\.c?js$/.test(name)).map((name) => name.replaceAll('\\', '/'))) {
  const code = await readFile(new URL(file, dist), 'utf8')
  const needed = REACT_ENTRY.has(file) || (file.startsWith('react/') && needsUseClient(code))
  if (needed && !startsWithUseClient(code)) problems.push(`${file} does not start with "use client" on line 1`)
  if (!needed && /(['"])use client\1/.test(code.slice(0, 200))) problems.push(`${file} carries "use client" but calls no React`)
  if (needed) carrying++
}
if (carrying < 8) problems.push(`only ${carrying} files need "use client": is the React build in dist/react?`)
if (problems.length) {
  console.error(`check-use-client: ${problems.join('; ')}.`)
  process.exit(1)
}
console.log(`check-use-client: the React entry and the ${carrying - REACT_ENTRY.size} React modules that call React start with "use client"; no other file carries it.`)
