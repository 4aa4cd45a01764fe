import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { blockAt, isChecked, parseBlocks } from './readme-blocks'
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
  const blocks = parseBlocks(markdown)
  expect(blocks).toEqual([
    { language: 'tsx', tags: ['fragment'], code: 'const a = 1', line: 4 },
    { language: 'ts', tags: [], code: "// app/api/[...path]/route.ts (a note)\nconst b: number = 'two'\n```", line: 8, path: 'app/api/[...path]/route.ts' },
    { language: 'sh', tags: [], code: 'npm test', line: 13 },
  ])
  expect(blocks.map(isChecked)).toEqual([false, true, false])
  expect(blockAt(blocks, 'app/api/[...path]/route.ts').line).toBe(8)
  expect(() => blockAt(blocks, 'app/missing.tsx')).toThrow('README.md has no code block whose first line is "// app/missing.tsx".')
})

it('reports a type error at its README line and column', () => {
  const project = mkdtempSync(join(tmpdir(), 'readme-check-'))
  dirs.push(project)
  const [block] = parseBlocks(['```ts', 'export const ok = 1', "export const wrong: number = 'two'", '```'].join('\n'))
  // Without the DOM's and Node's types, which this block does not need, the check takes a fraction of the time.
  const problems = typeCheckBlocks(project, [block!], { lib: ['lib.es2022.d.ts'], types: [] })
  expect(problems).toEqual(["README.md:3:14 TS2322: Type 'string' is not assignable to type 'number'."])
}, 30_000)

it('refuses two blocks that claim one file', () => {
  const project = mkdtempSync(join(tmpdir(), 'readme-check-'))
  dirs.push(project)
  const blocks = parseBlocks(['```ts', '// lib/a.ts', 'export {}', '```', '```ts', '// lib/a.ts', 'export {}', '```'].join('\n'))
  expect(() => typeCheckBlocks(project, blocks)).toThrow('README.md lines 2 and 6: two blocks say they are lib/a.ts')
})
