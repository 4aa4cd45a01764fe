// Bundled, minified, gzipped size of what an app pulls in from each entry, built from dist/ with esbuild.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = fileURLToPath(new URL('..', import.meta.url))
const external = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', 'msw']

/** The imports measured: what an app writes, re-exported so esbuild keeps exactly those names. */
export const sizeEntries = [
  { id: 'size-react', label: "`import { HotTaskProvider, useChatSession } from 'react-hottask'`", code: "export { HotTaskProvider, useChatSession } from './dist/index.js'", platform: 'browser' },
  { id: 'size-chat', label: "`import { HotTaskProvider, useChat } from 'react-hottask'`", code: "export { HotTaskProvider, useChat } from './dist/index.js'", platform: 'browser' },
  { id: 'size-core', label: "all of `react-hottask/core`", code: "export * from './dist/core.js'", platform: 'browser' },
  { id: 'size-server', label: "all of `react-hottask/server`", code: "export * from './dist/server.js'", platform: 'node' },
  { id: 'size-baseline', label: 'raw fetch snippet (`bench/baseline-fetch-snippet.js`)', code: "export * from './bench/baseline-fetch-snippet.js'", platform: 'browser' },
]

async function gzipBytes({ code, platform }) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, sourcefile: 'size-entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    external,
    write: false,
    logLevel: 'silent',
  })
  const bundle = result.outputFiles[0].contents
  return { minBytes: bundle.byteLength, gzipBytes: gzipSync(bundle, { level: 9 }).byteLength }
}

/** Measures every entry of {@link sizeEntries}; an entry that does not build yet is reported with its error. */
export async function measureSizes() {
  const sizes = {}
  for (const entry of sizeEntries) {
    try {
      sizes[entry.id] = { ...entry, ...(await gzipBytes(entry)) }
    } catch (error) {
      sizes[entry.id] = { ...entry, error: String(error.message ?? error).split('\n')[0] }
    }
  }
  return sizes
}

// `node bench/size.mjs` (after `npm run build`): just these figures, without the rest of `npm run bench`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { label, minBytes, gzipBytes, error } of Object.values(await measureSizes()))
    console.log(error ? `${label}: not built (${error})` : `${label}: ${gzipBytes} B gzipped (${minBytes} B minified)`)
}
