import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

/** The tests that run code. React tests need a DOM; core, server and msw tests run in plain Node like their users' servers. */
export const unitTestProjects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'node', include: ['test/{core,server,msw}/**/*.test.{ts,tsx}'], environment: 'node' } },
  { extends: true, test: { name: 'jsdom', include: ['test/{react,browser}/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/support/setup-dom.ts'] } },
]

/** Type tests: tsc checks test/types (every @ts-expect-error must be an error); nothing there runs. */
const typeTests: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'types', include: [], typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.{ts,tsx}'], tsconfig: 'tsconfig.json' } },
}

export default defineConfig({
  test: {
    projects: [...unitTestProjects, typeTests],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
