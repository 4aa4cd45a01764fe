import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { readmeModules } from './test/readme/readme-modules-plugin'

const source = (entry: string) => fileURLToPath(new URL(`./src/${entry}/index.ts`, import.meta.url))

export default defineConfig({
  test: {
    // React tests need a DOM; core, server and msw tests run in plain Node like their users' servers.
    projects: [
      { extends: true, test: { name: 'node', include: ['test/{core,server,msw}/**/*.test.{ts,tsx}'], environment: 'node' } },
      { extends: true, test: { name: 'jsdom', include: ['test/{react,browser}/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/support/setup-dom.ts'] } },
      {
        // README.md's code: type-checked against the built package, and its test example run as a user runs it
        // (no setup file of ours), with `react-hottask` imports served from the sources.
        extends: true,
        plugins: [readmeModules()],
        resolve: {
          alias: [
            { find: /^react-hottask$/, replacement: source('react') },
            { find: /^react-hottask\/(core|server|msw)$/, replacement: source('$1') },
          ],
        },
        test: { name: 'readme', include: ['test/readme/**/*.test.ts'], environment: 'node' },
      },
    ],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
