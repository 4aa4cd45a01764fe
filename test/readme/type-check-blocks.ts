import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { ROOT } from './built-package'
import type { ReadmeBlock } from './readme-blocks'

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
  skipLibCheck: true,
}

/** A snippet written to disk for the compiler, and the README line of its first line. */
interface PlacedSnippet {
  file: string
  readmeLine: number
}

/**
 * Where each block goes in the snippets project: a block that names its file (`// app/page.tsx`) is
 * written at that path, so blocks can import each other as the files of one app do; any other block gets
 * a file of its own, named after its README line.
 */
function placeBlocks(dir: string, blocks: readonly ReadmeBlock[]): PlacedSnippet[] {
  const claimed = new Map<string, number>()
  return blocks.map((block) => {
    if (block.path) {
      const earlier = claimed.get(block.path)
      if (earlier !== undefined)
        throw new Error(`README.md lines ${earlier} and ${block.line}: two blocks say they are ${block.path}; name one differently.`)
      claimed.set(block.path, block.line)
    }
    const file = join(dir, block.path ?? join('snippets', `readme-line-${block.line}.${block.language}`))
    return { file, readmeLine: block.line }
  })
}

/** One line per problem, pointing at the README line where it is. */
function describe(diagnostic: ts.Diagnostic, snippets: readonly PlacedSnippet[], dir: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  const { file, start } = diagnostic
  if (!file || start === undefined) return `TS${diagnostic.code}: ${message}`
  const { line, character } = file.getLineAndCharacterOfPosition(start)
  const snippet = snippets.find((candidate) => candidate.file === file.fileName)
  if (!snippet) return `${relative(dir, file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}`
  return `README.md:${snippet.readmeLine + line}:${character + 1} TS${diagnostic.code}: ${message}`
}

/**
 * Type-checks `blocks` as the files of one app, written afresh under `project`/readme; `project` must
 * resolve `react-hottask` from its node_modules. Returns one message per problem, empty when all is well.
 * `overrides` change the compiler options of a user's project (the tests of this checker use fewer types).
 */
export function typeCheckBlocks(project: string, blocks: readonly ReadmeBlock[], overrides: ts.CompilerOptions = {}): string[] {
  const dir = join(project, 'readme')
  rmSync(dir, { recursive: true, force: true })
  const snippets = placeBlocks(dir, blocks)
  snippets.forEach(({ file }, index) => {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, blocks[index]?.code ?? '')
  })
  const program = ts.createProgram(
    snippets.map(({ file }) => file),
    { ...COMPILER_OPTIONS, ...overrides },
  )
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => describe(diagnostic, snippets, dir))
}
