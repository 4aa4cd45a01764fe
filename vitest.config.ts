import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { docModules } from './test/docs/doc-modules-plugin'

/**
 * The tests that run code. React tests need a DOM; core, server and msw tests (and the test helpers' own, and the
 * bench's floor checked against the handler) run in plain Node like their users' servers.
 */
export const unitTestProjects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'node', include: ['test/{core,server,msw,support,bench}/**/*.test.{ts,tsx}'], environment: 'node' } },
  { extends: true, test: { name: 'jsdom', include: ['test/{react,browser}/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/support/setup-dom.ts'] } },
]

/**
 * Type tests: tsc checks test/types (every @ts-expect-error must be an error); nothing there runs. Errors in other
 * files are `npm run typecheck`'s to report, on the versions the project builds with, not on every peer version CI tries.
 */
const typeTests: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'types', include: [], typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.{ts,tsx}'], tsconfig: 'tsconfig.json', ignoreSourceErrors: true } },
}

const source = (entry: string) => fileURLToPath(new URL(`./src/${entry}/index.ts`, import.meta.url))

/**
 * The docs (README.md and docs/*.md, see CONTRIBUTING.md): every ts/tsx block type-checked against the built
 * package, links checked, and the Vitest example run as a user runs it (no setup file of ours), with
 * `react-hottask` imports served from src.
 */
const docsTests: TestProjectInlineConfiguration = {
  extends: true,
  plugins: [docModules()],
  resolve: {
    alias: [
      { find: /^react-hottask$/, replacement: source('react') },
      { find: /^react-hottask\/(core|server|msw)$/, replacement: source('$1') },
    ],
  },
  // One module registry for the docs' files, so their TypeScript programs share the declaration files each
  // loads (test/docs/typescript-host.ts): they keep no other state between files.
  test: { name: 'docs', include: ['test/docs/**/*.test.ts'], environment: 'node', isolate: false },
}

export default defineConfig({
  test: {
    projects: [...unitTestProjects, typeTests, docsTests],
    // One test file per core: most files spend their time waiting on loopback servers and timers, so Vitest's
    // default of one less (a single worker on a 2-core machine) leaves a core idle.
    maxWorkers: availableParallelism(),
    // Worker threads start faster than child processes, and each test file gets a fresh one (isolate stays on):
    // about a fifth less CPU for the suite. No test changes the process itself (cwd, signals, exit).
    pool: 'threads',
    // The skip notice comes after the summary: a run without redis-server must say what it did not test.
    reporters: ['default', './test/support/skip-notice-reporter.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
