import { posix } from 'node:path'
import { transformWithEsbuild, type Plugin } from 'vite'
import { pageBlocks } from './markdown-blocks'
import { ROOT } from './built-package'

/** The import prefix that names a docs block: `docs:docs/testing.md:app/chat.test.tsx` (page, then the block's path). */
export const DOC_MODULE_PREFIX = 'docs:'
const RESOLVED_PREFIX = `\0${DOC_MODULE_PREFIX}`

/** The page and block path that `source`, imported from the block `importer` (`page:path`), names (extension optional). */
function blockOf(source: string, importer: string | undefined): { page: string; path: string } | undefined {
  if (source.startsWith(DOC_MODULE_PREFIX)) {
    const [page = '', path = ''] = source.slice(DOC_MODULE_PREFIX.length).split(/:(.*)/s)
    return { page, path }
  }
  if (importer === undefined || !source.startsWith('.')) return undefined
  const [page = '', importerPath = ''] = importer.split(/:(.*)/s)
  const wanted = posix.join(posix.dirname(importerPath), source)
  const paths = pageBlocks(page).flatMap((block) => (block.path ? [block.path] : []))
  const path = paths.find((candidate) => candidate === wanted || candidate.replace(/\.tsx?$/, '') === wanted)
  return path === undefined ? undefined : { page, path }
}

/**
 * Serves the code blocks of the docs pages as modules, so a test can run an example exactly as a page prints it:
 * `import 'docs:docs/testing.md:app/chat.test.tsx'` loads the block of docs/testing.md whose first line is
 * `// app/chat.test.tsx`, and its relative imports (`./chat`) load the blocks of that page they name.
 * Everything else it imports resolves as in the test's own project.
 */
export function docModules(): Plugin {
  return {
    name: 'react-hottask:doc-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      const block = blockOf(source, importer?.startsWith(RESOLVED_PREFIX) ? importer.slice(RESOLVED_PREFIX.length) : undefined)
      return block && `${RESOLVED_PREFIX}${block.page}:${block.path}`
    },
    async load(id) {
      if (!id.startsWith(RESOLVED_PREFIX)) return undefined
      const [page = '', path = ''] = id.slice(RESOLVED_PREFIX.length).split(/:(.*)/s)
      const block = pageBlocks(page).find((candidate) => candidate.path === path)
      if (!block) throw new Error(`${page} has no code block whose first line is "// ${path}".`)
      const file = posix.join(ROOT, page)
      this.addWatchFile(file)
      // Blank lines in place of the page above the block: stack traces point at the page's own line numbers.
      const code = '\n'.repeat(block.line - 1) + block.code
      const { code: transformed, map } = await transformWithEsbuild(code, `${file}.${path.replaceAll('/', '_')}`, {
        loader: path.endsWith('.tsx') ? 'tsx' : 'ts',
        jsx: 'automatic',
        sourcemap: true,
      })
      return { code: transformed, map }
    },
  }
}
