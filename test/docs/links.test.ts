import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from './built-package'
import { deadLinks, headingAnchors, linkTargets } from './links'
import { docPages } from './markdown-blocks'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function site(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'docs-links-'))
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('the link check', () => {
  it('anchors headings as GitHub does', () => {
    expect(headingAnchors('# The `useChat` hook\n## Errors & retries\n## Errors & retries\n```md\n# not a heading\n```\n### [`toNodeHandler`](x.md): Node')).toEqual([
      'the-usechat-hook',
      'errors--retries',
      'errors--retries-1',
      'tonodehandler-node',
    ])
  })

  it('reads link targets outside code', () => {
    expect(linkTargets('See [a](a.md#x) and `[b](b.md)`.\n```\n[c](c.md)\n```\n![d](d.png "title")')).toEqual(['a.md#x', 'd.png'])
  })

  it('names a missing file, a missing anchor, and a link out of the repository; leaves URLs alone', () => {
    const root = site({
      'README.md': '# Top\n[ok](docs/a.md#part) [here](#top) [gone](docs/missing.md) [bad anchor](docs/a.md#nope) [out](../x.md) [web](https://example.com/#x) [self](#nope)',
      'docs/a.md': '# A\n## Part\n[back](../README.md#top) [file](../src/x.ts)',
      'src/x.ts': '',
    })
    expect(deadLinks(root, 'README.md')).toEqual([
      'README.md: docs/missing.md: docs/missing.md does not exist',
      'README.md: docs/a.md#nope: no heading for #nope in docs/a.md',
      'README.md: ../x.md: ../x.md does not exist',
      'README.md: #nope: no heading for #nope in README.md',
    ])
    expect(deadLinks(root, 'docs/a.md')).toEqual([])
  })
})

it('no page of the docs has a dead relative link or anchor', () => {
  expect(docPages().flatMap((page) => deadLinks(ROOT, page))).toEqual([])
})
