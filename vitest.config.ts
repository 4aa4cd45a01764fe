import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // React tests need a DOM; core, server and msw tests run in plain Node like their users' servers.
    projects: [
      { extends: true, test: { name: 'node', include: ['test/{core,server,msw}/**/*.test.{ts,tsx}'], environment: 'node' } },
      // Type tests: tsc checks test/types (every @ts-expect-error must be an error); nothing there runs.
      { extends: true, test: { name: 'types', include: [], typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.{ts,tsx}'], tsconfig: 'tsconfig.json' } } },
      { extends: true, test: { name: 'jsdom', include: ['test/{react,browser}/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/support/setup-dom.ts'] } },
    ],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
