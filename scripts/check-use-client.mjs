// `npm run check:package`: the React entry's files (ESM and CJS) start with 'use client' on line 1, as React
// Server Components bundlers require; no other entry or shared chunk carries it (server code must not).
import { readdir, readFile } from 'node:fs/promises'

const dist = new URL('../dist/', import.meta.url)
const startsWithUseClient = (text) => /^(['"])use client\1;?\r?\n/.test(text)
const problems = []
for (const file of (await readdir(dist)).filter((name) => /\.(c?js)$/.test(name))) {
  const text = await readFile(new URL(file, dist), 'utf8')
  const isReactEntry = file === 'index.js' || file === 'index.cjs'
  if (isReactEntry && !startsWithUseClient(text)) problems.push(`${file} does not start with "use client" on line 1`)
  if (!isReactEntry && /(['"])use client\1/.test(text.slice(0, 200))) problems.push(`${file} carries "use client" but is not the React entry`)
}
if (problems.length) {
  console.error(`check-use-client: ${problems.join('; ')}.`)
  process.exit(1)
}
console.log('check-use-client: dist/index.js and dist/index.cjs start with "use client"; no other file does.')
