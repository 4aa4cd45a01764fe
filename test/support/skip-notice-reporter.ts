import { relative } from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'
import { SKIPPED_MARKER } from './system-binary'

/** A test file as the notice needs it: its path, and the names of its suites. */
export interface ModuleSuites {
  file: string
  suiteNames: readonly string[]
}

/**
 * One line per test file with a suite skipped for a missing system binary (its name carries the marker and
 * the reason, see system-binary.ts), naming the file and how to get the full run.
 *
 * @example
 * skipNotices([{ file: 'test/a.test.ts', suiteNames: ['Redis [skipped: redis-server not found …]'] }])
 * // ['Skipped test/a.test.ts: redis-server not found …']
 */
export function skipNotices(modules: readonly ModuleSuites[]): string[] {
  const notices: string[] = []
  for (const { file, suiteNames } of modules) {
    const skipped = suiteNames.find((name) => name.includes(SKIPPED_MARKER))
    if (skipped) notices.push(`Skipped ${file}: ${skipped.slice(skipped.indexOf(SKIPPED_MARKER) + SKIPPED_MARKER.length, -1)}`)
  }
  return notices
}

/**
 * Prints {@link skipNotices} after the run's summary, where a person reads last: a run without redis-server
 * must not look like a full pass with nothing said.
 */
export default class SkipNoticeReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const modules = testModules.map((module) => ({
      file: relative(process.cwd(), module.moduleId),
      suiteNames: [...module.children.allSuites()].map((suite) => suite.name),
    }))
    // Yellow on a terminal, as vitest writes its own "skipped"; plain text in a log.
    const paint = process.stdout.isTTY ? (text: string) => `\x1b[33m${text}\x1b[39m` : (text: string) => text
    for (const notice of skipNotices(modules)) process.stdout.write(`\n${paint(notice)}\n`)
  }
}
