import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { ROOT } from './built-package'
import type { DocBlock } from './markdown-blocks'
import { sharedDeclarationsHost } from './typescript-host'

/**
 * What a new user's project would have: `--strict`, a bundler's module resolution (Next.js, Vite), JSX,
 * the DOM and Node's types. Every file is a module of its own, so two snippets never share a scope.
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  typeRoots: [join(ROOT, 'node_modules', '@types')],
  esModuleInterop: true,
  isolatedModules: true,
  // Bun and Deno import files by their own names (`./app.ts`), as the docs' entries for them do.
  allowImportingTsExtensions: true,
  skipLibCheck: true,
}

/** A snippet written to disk for the compiler, and the page and line of its first line. */
interface PlacedSnippet {
  file: string
  page: string
  line: number
}

/**
 * Where each block goes in the snippets project: each page is an app of its own (a folder named after it), in
 * which a block that names its file (`// app/page.tsx`) is written at that path, so the blocks of a page can
 * import each other as the files of one app do; any other block gets a file of its own, named after its line.
 */
function placeBlocks(dir: string, blocks: readonly DocBlock[]): PlacedSnippet[] {
  const claimed = new Map<string, number>()
  return blocks.map((block) => {
    const app = join(dir, block.page.replace(/\.md$/, ''))
    if (block.path) {
      const earlier = claimed.get(`${block.page}:${block.path}`)
      if (earlier !== undefined)
        throw new Error(`${block.page} lines ${earlier} and ${block.line}: two blocks say they are ${block.path}; name one differently.`)
      claimed.set(`${block.page}:${block.path}`, block.line)
    }
    const file = join(app, block.path ?? join('snippets', `line-${block.line}.${block.language}`))
    return { file, page: block.page, line: block.line }
  })
}

/** One line per problem, pointing at the page and line where it is. */
function describe(diagnostic: ts.Diagnostic, snippets: readonly PlacedSnippet[], dir: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  const { file, start } = diagnostic
  if (!file || start === undefined) return `TS${diagnostic.code}: ${message}`
  const { line, character } = file.getLineAndCharacterOfPosition(start)
  const snippet = snippets.find((candidate) => candidate.file === file.fileName)
  if (!snippet) return `${relative(dir, file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}`
  return `${snippet.page}:${snippet.line + line}:${character + 1} TS${diagnostic.code}: ${message}`
}

/**
 * Type-checks `blocks` (of any pages) in one program, each page as the files of one app, written afresh under
 * `project`/docs; `project` must resolve `react-hottask` from its node_modules. Returns one message per
 * problem, empty when all is well.
 * `overrides` change the compiler options of a user's project (the tests of this checker use fewer types).
 */
export function typeCheckBlocks(project: string, blocks: readonly DocBlock[], overrides: ts.CompilerOptions = {}): string[] {
  const dir = join(project, 'docs')
  rmSync(dir, { recursive: true, force: true })
  const snippets = placeBlocks(dir, blocks)
  snippets.forEach(({ file }, index) => {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, blocks[index]?.code ?? '')
  })
  const options = { ...COMPILER_OPTIONS, ...overrides }
  const program = ts.createProgram(
    snippets.map(({ file }) => file),
    options,
    sharedDeclarationsHost(options),
  )
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => describe(diagnostic, snippets, dir))
}
