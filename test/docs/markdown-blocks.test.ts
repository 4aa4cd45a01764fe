import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { blockAt, isChecked, parseBlocks } from './markdown-blocks'
import { typeCheckBlocks } from './type-check-blocks'

const markdown = [
  '# Title', //                              1
  '', //                                     2
  '```tsx fragment', //                      3
  'const a = 1', //                          4
  '```', //                                  5
  '', //                                     6
  '````ts', //                               7
  '// app/api/[...path]/route.ts (a note)', // 8
  "const b: number = 'two'", //              9
  '```', //                                  10
  '````', //                                 11
  '```sh', //                                12
  'npm test', //                             13
  '```', //                                  14
].join('\n')

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

it('reads each block with its language, fence tags, first code line and the file its first line names', () => {
  const blocks = parseBlocks(markdown, 'docs/a.md')
  expect(blocks).toEqual([
    { page: 'docs/a.md', language: 'tsx', tags: ['fragment'], code: 'const a = 1', line: 4 },
    { page: 'docs/a.md', language: 'ts', tags: [], code: "// app/api/[...path]/route.ts (a note)\nconst b: number = 'two'\n```", line: 8, path: 'app/api/[...path]/route.ts' },
    { page: 'docs/a.md', language: 'sh', tags: [], code: 'npm test', line: 13 },
  ])
  expect(blocks.map(isChecked)).toEqual([false, true, false])
  expect(blockAt(blocks, 'app/api/[...path]/route.ts').line).toBe(8)
  expect(() => blockAt(blocks, 'app/missing.tsx')).toThrow('docs/a.md has no code block whose first line is "// app/missing.tsx".')
})

it('reports a type error at its README line and column', () => {
  const project = mkdtempSync(join(tmpdir(), 'docs-check-'))
  dirs.push(project)
  const [block] = parseBlocks(['```ts', 'export const ok = 1', "export const wrong: number = 'two'", '```'].join('\n'))
  // Without the DOM's and Node's types, which this block does not need, the check takes a fraction of the time.
  const problems = typeCheckBlocks(project, [block!], { lib: ['lib.es2022.d.ts'], types: [] })
  expect(problems).toEqual(["README.md:3:14 TS2322: Type 'string' is not assignable to type 'number'."])
})

it('checks the blocks of several pages in one program, each page an app of its own', () => {
  const project = mkdtempSync(join(tmpdir(), 'docs-check-'))
  dirs.push(project)
  const page = (name: string, code: string) => parseBlocks(['```ts', '// lib/a.ts', code, '```', '```ts', '// main.ts', "import { a } from './lib/a'", 'export const b: string = a', '```'].join('\n'), name)
  const problems = typeCheckBlocks(project, [...page('docs/one.md', 'export const a = 1'), ...page('docs/two.md', "export const a = 'x'")], { lib: ['lib.es2022.d.ts'], types: [] })
  expect(problems).toEqual(["docs/one.md:8:14 TS2322: Type 'number' is not assignable to type 'string'."])
}, 30_000)

it('refuses two blocks that claim one file', () => {
  const project = mkdtempSync(join(tmpdir(), 'docs-check-'))
  dirs.push(project)
  const blocks = parseBlocks(['```ts', '// lib/a.ts', 'export {}', '```', '```ts', '// lib/a.ts', 'export {}', '```'].join('\n'))
  expect(() => typeCheckBlocks(project, blocks)).toThrow('README.md lines 2 and 6: two blocks say they are lib/a.ts')
  // The same file on two pages is two files.
  expect(() => typeCheckBlocks(project, [blocks[0]!, { ...blocks[1]!, page: 'docs/other.md' }], { lib: ['lib.es2022.d.ts'], types: [] })).not.toThrow()
})
