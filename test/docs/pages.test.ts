import { expect, it } from 'vitest'
import { builtPackageProject } from './built-package'
import { blockAt, CHECKED_LANGUAGES, docPages, FRAGMENT_TAG, isChecked, pageBlocks, pageText, type DocBlock } from './markdown-blocks'
import { typeCheckBlocks } from './type-check-blocks'

const lines = pageText('README.md').split('\n')
const blocks = pageBlocks('README.md')
const allBlocks = docPages().flatMap(pageBlocks)

/** Languages whose blocks hold no TypeScript to check: shell commands, data, plain text. */
const UNCHECKED_LANGUAGES = new Set(['sh', 'json', 'text', 'dotenv'])

/**
 * One `import type` per row of the tables under "## Types" (`| \`Name\` | \`entry\` | … |`), placed at the
 * row's README line, so the type check proves each name is exported where the table says.
 */
function typesTableImports(): DocBlock[] {
  const start = lines.indexOf('## Types')
  if (start === -1) return []
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const rows: DocBlock[] = []
  for (let index = start; index < (end === -1 ? lines.length : end); index++) {
    const row = /^\| `(\w+)` \| `(react-hottask(?:\/\w+)?)` \|/.exec(lines[index] ?? '')
    if (row) rows.push({ page: 'README.md', language: 'ts', tags: [], code: `import type { ${row[1]} } from '${row[2]}'`, line: index + 1 })
  }
  return rows
}

it('opens with one line saying what the library is, then exactly two commands: one shows it working, one runs the tests', () => {
  expect(lines[0]).toBe('# react-hottask')
  expect(lines[1]).toBe('')
  expect(lines[2]).toMatch(/^[A-Z].*\.$/)
  expect(lines[3]).toBe('')
  const first = blocks[0]
  expect(first).toMatchObject({ language: 'sh', line: 6 })
  const commands = (first?.code ?? '').split('\n').filter((line) => line.trim())
  expect(commands).toHaveLength(2)
  expect(commands[0]).toMatch(/^npm ci && npm run storybook\s+#/)
  expect(commands[1]).toMatch(/^npm ci && npm test\s+#/)
})

it('keeps the README short (at most 16 KB) with the quick start in its first screenful', () => {
  expect(Buffer.byteLength(pageText('README.md'))).toBeLessThanOrEqual(16 * 1024)
  const quickStart = lines.findIndex((line) => line.startsWith('## Quick start'))
  expect(quickStart).toBeGreaterThan(0)
  expect(quickStart).toBeLessThan(25)
})

it('has a docs page for each task the README links to, and links each page from the README', () => {
  const pages = docPages().filter((page) => page !== 'README.md')
  expect(pages.length).toBeGreaterThanOrEqual(8)
  for (const page of pages) expect(pageText('README.md')).toContain(`](${page})`)
})

it('fences every code block with its language; TypeScript only as ts or tsx, where the check sees it', () => {
  const unknown = blocks
    .filter((block) => !CHECKED_LANGUAGES.has(block.language) && !UNCHECKED_LANGUAGES.has(block.language))
    .map((block) => `README.md:${block.line - 1} fence "${block.language}"`)
  expect(unknown, `use ts or tsx for code (${FRAGMENT_TAG} to skip the check), or one of ${[...UNCHECKED_LANGUAGES].join(', ')}`).toEqual([])
})

it('keeps fragments rare: at most three blocks of all pages skip the type check', () => {
  const fragments = allBlocks.filter((block) => CHECKED_LANGUAGES.has(block.language) && !isChecked(block))
  expect(fragments.map((block) => `${block.page}:${block.line - 1}`).length).toBeLessThanOrEqual(3)
})

it('shows the server handler as users should write it: no apiKey in code (it comes from the environment), the quick start with a rate limit', () => {
  const withKey = allBlocks.filter((block) => block.code.includes("from 'react-hottask/server'") && /\bapiKey\s*[:,}]/.test(block.code))
  expect(withKey.map((block) => `${block.page}:${block.line}`)).toEqual([])
  expect(blockAt(blocks, 'app/api/hottask/[...path]/route.ts').code).toMatch(/\brateLimit: \{ limit: \d/)
})

it(
  'every ts and tsx block of every page is a complete module that type-checks under --strict against the built package, and the Types tables name real exports',
  async () => {
    const project = await builtPackageProject()
    const problems = typeCheckBlocks(project, [...allBlocks.filter(isChecked), ...typesTableImports()])
    expect(problems, problems.join('\n')).toEqual([])
  },
  240_000,
)
