import { defineConfig } from 'tsup'

export default defineConfig([
  {
    // One ESM build with shared chunks, so `react-hottask` and `react-hottask/core` share one HotTaskError class.
    entry: { index: 'src/react/index.ts', core: 'src/core/index.ts', server: 'src/server/index.ts', msw: 'src/msw/index.ts' },
    format: ['esm'],
    dts: true,
    splitting: true,
    // Tree-shaking (rollup) drops the 'use client' directive the React entry must start with.
    treeshake: false,
    target: 'es2022',
  },
  {
    entry: { index: 'src/react/index.ts', core: 'src/core/index.ts', server: 'src/server/index.ts', msw: 'src/msw/index.ts' },
    format: ['cjs'],
    dts: true,
    splitting: false,
    treeshake: false,
    target: 'es2022',
  },
])
