import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // React tests need a DOM; core, server and msw tests run in plain Node like their users' servers.
    environment: 'node',
    projects: [
      { extends: true, test: { name: 'node', include: ['test/{core,server,msw}/**/*.test.{ts,tsx}'], environment: 'node' } },
      { extends: true, test: { name: 'jsdom', include: ['test/{react,browser}/**/*.test.{ts,tsx}'], environment: 'jsdom' } },
    ],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
