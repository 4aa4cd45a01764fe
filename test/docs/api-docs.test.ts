import { join } from 'node:path'
import ts from 'typescript'
import { expect, it } from 'vitest'
import { ROOT } from './built-package'
import { sharedDeclarationsHost } from './typescript-host'

const ENTRIES = { 'react-hottask': 'react', 'react-hottask/core': 'core', 'react-hottask/server': 'server', 'react-hottask/msw': 'msw' }

/**
 * Every name each entry exports, with what its TSDoc lacks: a summary, or an `@example`. What TypeDoc's
 * `notDocumented` validation (npm run docs:api, in CI) does not check: that each name also shows how it is used.
 */
function undocumentedExports(): string[] {
  const files = Object.values(ENTRIES).map((entry) => join(ROOT, 'src', entry, 'index.ts'))
  const options = { strict: true, noEmit: true, jsx: ts.JsxEmit.ReactJSX, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, types: ['node'] }
  const program = ts.createProgram(files, options, sharedDeclarationsHost(options))
  const checker = program.getTypeChecker()
  const problems = new Set<string>()
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, 'src', entry, 'index.ts'))!)!
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
      const tags = symbol.getJsDocTags(checker).map((tag) => tag.name)
      if (!summary) problems.add(`${name}: ${exported.name} has no summary`)
      if (!tags.includes('example')) problems.add(`${name}: ${exported.name} has no @example`)
    }
  }
  return [...problems]
}

it('every exported name of every entry has a TSDoc summary and an @example', () => {
  expect(undocumentedExports()).toEqual([])
}, 60_000)
