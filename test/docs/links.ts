import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'

/**
 * The anchor GitHub gives a heading: its text as rendered (code spans and links as their text), lower case,
 * punctuation other than `-` and `_` dropped, each space a `-`; a repeated heading gets `-1`, `-2`…
 *
 * @example
 * headingAnchors('# The `useChat` hook\n## Errors\n## Errors') // ['the-usechat-hook', 'errors', 'errors-1']
 */
export function headingAnchors(markdown: string): string[] {
  const seen = new Map<string, number>()
  const anchors: string[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^(`{3,}|~{3,})/.test(line)) fenced = !fenced
    const heading = fenced ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1]
    if (heading === undefined) continue
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '')
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.push(count ? `${base}-${count}` : base)
  }
  return anchors
}

/** The link targets of `markdown` outside code blocks and code spans: `[text](target)`, images included. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^(`{3,}|~{3,})/.test(line)) fenced = !fenced
    if (fenced) continue
    const prose = line.replace(/`[^`]*`/g, '')
    for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) targets.push(match[1]!)
  }
  return targets
}

/**
 * What is wrong with the relative links of `page` (a path under `root`): one line per link to a file that does
 * not exist, or to an anchor that the target page (or this one, for `#anchor`) has no heading for. Links with a
 * scheme (`https:`, `mailto:`) are left alone: checking them needs the network.
 *
 * @example
 * deadLinks('/repo', 'docs/errors.md') // ['docs/errors.md: ./retries.md#backoff: no heading for #backoff in docs/retries.md']
 */
export function deadLinks(root: string, page: string): string[] {
  const problems: string[] = []
  for (const target of linkTargets(readFileSync(join(root, page), 'utf8'))) {
    if (/^[a-z][a-z\d+.-]*:/i.test(target)) continue
    const [path = '', anchor] = target.split('#')
    const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURI(path)))
    const absolute = join(root, file)
    if (file.startsWith('..') || !existsSync(absolute)) {
      problems.push(`${page}: ${target}: ${file} does not exist`)
      continue
    }
    if (anchor === undefined) continue
    const isPage = statSync(absolute).isFile() && file.endsWith('.md')
    if (!isPage || !headingAnchors(readFileSync(absolute, 'utf8')).includes(anchor))
      problems.push(`${page}: ${target}: no heading for #${anchor} in ${file}`)
  }
  return problems
}
