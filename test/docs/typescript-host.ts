import ts from 'typescript'

/**
 * Declaration files parsed (and, once a program has checked them, bound) by any program of this worker: the
 * TypeScript libs and the `.d.ts` files of node_modules (react, msw, @types/node… and the built package), which
 * no test changes while it runs. Keyed by what parsing depends on, as TypeScript's own DocumentRegistry is.
 */
const declarations = new Map<string, ts.SourceFile>()

const isSharedDeclaration = (fileName: string) => fileName.endsWith('.d.ts') && fileName.includes('/node_modules/')

/**
 * A compiler host for `options` whose programs share the declaration files other programs of this worker have
 * read: the docs' type checks (the pages, the checker's own tests, the API docs) load react's, Node's and the
 * DOM's types once, not once a program. Files a test writes (the snippets) are read afresh each time.
 *
 * @example
 * const program = ts.createProgram(files, options, sharedDeclarationsHost(options))
 */
export function sharedDeclarationsHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options)
  const readSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (shouldCreateNewSourceFile || !isSharedDeclaration(fileName)) return readSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile)
    const { languageVersion, impliedNodeFormat } =
      typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions, impliedNodeFormat: undefined }
    const key = `${languageVersion}:${impliedNodeFormat}:${fileName}`
    let file = declarations.get(key)
    if (!file) {
      file = readSourceFile(fileName, languageVersionOrOptions, onError)
      if (file) declarations.set(key, file)
    }
    return file
  }
  return host
}
