import { posix } from 'node:path'
import { transformWithEsbuild, type Plugin } from 'vite'
import { README_PATH, readmeBlocks } from './readme-blocks'

/** The import prefix that names a README block: `readme:app/chat-launcher.test.tsx`. */
export const README_MODULE_PREFIX = 'readme:'
const RESOLVED_PREFIX = `\0${README_MODULE_PREFIX}`

/** The README block path that `source`, imported from the README block `importerPath`, names (extension optional). */
function blockPathOf(source: string, importerPath: string | undefined): string | undefined {
  if (source.startsWith(README_MODULE_PREFIX)) return source.slice(README_MODULE_PREFIX.length)
  if (importerPath === undefined || !source.startsWith('.')) return undefined
  const wanted = posix.join(posix.dirname(importerPath), source)
  const paths = readmeBlocks().flatMap((block) => (block.path ? [block.path] : []))
  return paths.find((path) => path === wanted || path.replace(/\.tsx?$/, '') === wanted)
}

/**
 * Serves README.md's code blocks as modules, so a test can run an example exactly as the README prints it:
 * `import 'readme:app/chat-launcher.test.tsx'` loads the block whose first line is
 * `// app/chat-launcher.test.tsx`, and its relative imports (`./chat-launcher`) load the blocks they name.
 * Everything else it imports resolves as in the test's own project.
 */
export function readmeModules(): Plugin {
  return {
    name: 'react-hottask:readme-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      const importerPath = importer?.startsWith(RESOLVED_PREFIX) ? importer.slice(RESOLVED_PREFIX.length) : undefined
      const path = blockPathOf(source, importerPath)
      return path === undefined ? undefined : `${RESOLVED_PREFIX}${path}`
    },
    async load(id) {
      if (!id.startsWith(RESOLVED_PREFIX)) return undefined
      const path = id.slice(RESOLVED_PREFIX.length)
      const block = readmeBlocks().find((candidate) => candidate.path === path)
      if (!block) throw new Error(`README.md has no code block whose first line is "// ${path}".`)
      this.addWatchFile(README_PATH)
      // Blank lines in place of the README above the block: stack traces point at README.md's own line numbers.
      const code = '\n'.repeat(block.line - 1) + block.code
      const { code: transformed, map } = await transformWithEsbuild(code, `${README_PATH}.${path.replaceAll('/', '_')}`, {
        loader: path.endsWith('.tsx') ? 'tsx' : 'ts',
        jsx: 'automatic',
        sourcemap: true,
      })
      return { code: transformed, map }
    },
  }
}
