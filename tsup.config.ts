import { readFile, writeFile } from 'node:fs/promises'
import { defineConfig, type Options } from 'tsup'

const entries = { index: 'src/react/index.ts', core: 'src/core/index.ts', server: 'src/server/index.ts', msw: 'src/msw/index.ts' }
const { index, ...nonReact } = entries
const shared: Options = { dts: true, treeshake: false, target: 'es2022' }

/**
 * esbuild writes the React entry's CJS file as `"use strict"; "use client";`; React Server Components
 * bundlers look for 'use client' on line 1, as in @tanstack/react-query's CJS files, so the two swap places.
 */
async function putUseClientFirst() {
  const file = 'dist/index.cjs'
  const text = await readFile(file, 'utf8')
  await writeFile(file, text.replace(/^"use strict";\n"use client";\n/, '"use client";\n"use strict";\n'))
}

/**
 * The ESM JavaScript is one file per source module, built by scripts/build-esm.mjs after this; here only the
 * ESM entries' types (one .d.ts per entry), and the CJS build (one file per entry, with its .d.cts).
 */
export default defineConfig([
  { ...shared, entry: entries, format: ['esm'], dts: { only: true } },
  // The React entry's CJS file is built on its own, so that only it is touched by putUseClientFirst.
  { ...shared, entry: { index }, format: ['cjs'], onSuccess: putUseClientFirst },
  { ...shared, entry: nonReact, format: ['cjs'] },
])
