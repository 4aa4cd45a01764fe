import { defineConfig } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freePort } from '../test/support/free-port'
import { allowedSerialNumbers, messageRateLimit } from './run-values'

/**
 * The Next.js example, built by `e2e/prepare-example.mjs` from the packed library, driven in Debian's Chromium
 * against a fake HotTask upstream. Run with `npm run test:e2e` (prepare, then this); once prepared,
 * `npx playwright test -c e2e/playwright.config.ts` runs the specs alone.
 */

const example = fileURLToPath(new URL('../examples/nextjs', import.meta.url))
const chromium = JSON.parse(readFileSync(new URL('../scripts/chromium.json', import.meta.url), 'utf8')) as {
  executablePath: string
  args: string[]
}

// The runner loads this file first and its workers load it again, inheriting the runner's environment:
// choosing the ports and the key once, into process.env, gives every process the same values.
process.env.E2E_APP_PORT ??= String(await freePort())
process.env.E2E_UPSTREAM_PORT ??= String(await freePort())
// A throwaway secret key, unique to the run, that the specs look for wherever the browser could see it.
process.env.E2E_CANARY_KEY ??= `sk-canary-${randomBytes(12).toString('hex')}`

const appUrl = `http://127.0.0.1:${process.env.E2E_APP_PORT}`
const upstreamUrl = `http://127.0.0.1:${process.env.E2E_UPSTREAM_PORT}`

export default defineConfig({
  testDir: '.',
  outputDir: 'test-results', // git-ignored: traces and screenshots of failed tests
  // One worker, in file order: the specs share one app and one upstream, and read the upstream's calls in turn.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 }, // two shared cores: the first render of a route can take seconds
  reporter: [['list']],
  projects: [
    // e2e/storybook has its own config (npm run test:storybook-mock): it drives the built Storybook, not the example.
    { name: 'chromium', testIgnore: ['build-output.spec.ts', 'storybook/**'] },
    // Last, so that the scan of .next also covers whatever the running app wrote there.
    { name: 'build output', testMatch: 'build-output.spec.ts', dependencies: ['chromium'] },
  ],
  use: {
    baseURL: appUrl,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? chromium.executablePath, args: chromium.args },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      name: 'upstream',
      command: `node fake-upstream.mjs ${process.env.E2E_UPSTREAM_PORT}`,
      url: `${upstreamUrl}/__e2e/calls`,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      name: 'next',
      command: `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${process.env.E2E_APP_PORT}`,
      cwd: example,
      url: appUrl,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        NEXT_TELEMETRY_DISABLED: '1',
        // Built without any of these (see prepare-example.mjs); the server is given them at start.
        HOTTASK_API_KEY: process.env.E2E_CANARY_KEY,
        HOTTASK_SERIAL_NUMBERS: allowedSerialNumbers.join(','),
        HOTTASK_BASE_URL: upstreamUrl,
        // As behind a proxy that writes X-Real-IP: the specs send one per visitor (see fixtures.ts).
        HOTTASK_CLIENT_IP_HEADER: 'x-real-ip',
        HOTTASK_MESSAGE_RATE_LIMIT: `${messageRateLimit.messages}/${messageRateLimit.seconds}`,
      },
    },
  ],
})
