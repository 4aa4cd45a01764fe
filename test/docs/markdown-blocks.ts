import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './built-package'

/** One fenced code block of a docs page. */
export interface DocBlock {
  /** The page it is on, relative to the repository root: `README.md`, `docs/testing.md`. */
  page: string
  /** The fence's language, e.g. `tsx`; empty when the fence has none. */
  language: string
  /** The words after the language on the fence line, e.g. `['fragment']` for ```` ```tsx fragment ````. */
  tags: string[]
  /** The code between the fences, without them. */
  code: string
  /** The page's line (1-based) of the block's first line of code. */
  line: number
  /** The file the block says it is, from a first line such as `// app/page.tsx (a Server Component)`. */
  path?: string
}

/** The languages whose blocks must be complete modules that type-check. */
export const CHECKED_LANGUAGES = new Set(['ts', 'tsx'])

/** The tag that marks a `ts`/`tsx` block as a deliberate fragment, left out of the type check. */
export const FRAGMENT_TAG = 'fragment'

/** README.md and every page under docs/, relative to the repository root, README first. */
export function docPages(): string[] {
  const pages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'))
  return ['README.md', ...pages.sort().map((name) => `docs/${name}`)]
}

const FENCE = /^(`{3,}|~{3,})[ \t]*([^\s`]*)[ \t]*(.*)$/
// A first line "// app/api/hottask/[...path]/route.ts" names the block's file; words after it are a comment.
const PATH_COMMENT = /^\/\/ ((?:[\w.$@+[\]-]+\/)*[\w.$@+[\]-]+\.tsx?)(?:\s|$)/

/** Every fenced code block of `markdown` (the page `page`), in order. Fences must start at the beginning of a line. */
export function parseBlocks(markdown: string, page = 'README.md'): DocBlock[] {
  const lines = markdown.split('\n')
  const blocks: DocBlock[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '')
    if (!open) continue
    const [, marker = '', language = '', rest = ''] = open
    const start = index + 1
    let end = start
    while (end < lines.length && !(lines[end] ?? '').startsWith(marker)) end++
    const code = lines.slice(start, end).join('\n')
    const path = PATH_COMMENT.exec(lines[start] ?? '')?.[1]
    blocks.push({ page, language, tags: rest.split(/\s+/).filter(Boolean), code, line: start + 1, ...(path && { path }) })
    index = end
  }
  return blocks
}

/** Whether the type check covers `block`: `ts`/`tsx`, not tagged as a fragment. */
export const isChecked = (block: DocBlock) => CHECKED_LANGUAGES.has(block.language) && !block.tags.includes(FRAGMENT_TAG)

/** The text of `page` (relative to the repository root), read now (so a watch run sees edits). */
export const pageText = (page: string) => readFileSync(join(ROOT, page), 'utf8')

/** The blocks of `page`, read now. */
export const pageBlocks = (page: string) => parseBlocks(pageText(page), page)

/** The block of `page` that names `path` on its first line; throws when there is none. */
export function blockAt(blocks: readonly DocBlock[], path: string): DocBlock {
  const block = blocks.find((candidate) => candidate.path === path)
  if (!block) throw new Error(`${blocks[0]?.page ?? 'The page'} has no code block whose first line is "// ${path}".`)
  return block
}
