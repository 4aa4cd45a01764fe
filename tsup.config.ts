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

export default defineConfig([
  {
    ...shared,
    // One ESM build with shared chunks, so `react-hottask` and `react-hottask/core` share one HotTaskError class.
    entry: entries,
    format: ['esm'],
    splitting: true,
    // Tree-shaking (rollup) would drop the 'use client' directive the React entry must start with.
  },
  // The React entry's CJS file is built on its own, so that only it is touched by putUseClientFirst.
  { ...shared, entry: { index }, format: ['cjs'], onSuccess: putUseClientFirst },
  { ...shared, entry: nonReact, format: ['cjs'] },
])
