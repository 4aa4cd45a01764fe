import { defineConfig } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { freePort } from '../../test/support/free-port'

/**
 * The built Storybook (`npm run build-storybook` first), served on 127.0.0.1 and driven in Debian's Chromium:
 * `npm run test:storybook-site`. Checks what a visitor of the Storybook site does, where the story tests
 * (`npm run test:stories`) run each story alone.
 */

const chromium = JSON.parse(readFileSync(new URL('../../scripts/chromium.json', import.meta.url), 'utf8')) as {
  executablePath: string
  args: string[]
}

// Chosen once, by the runner, and inherited by its workers (see e2e/playwright.config.ts).
process.env.STORYBOOK_STATIC_PORT ??= String(await freePort())
const url = `http://127.0.0.1:${process.env.STORYBOOK_STATIC_PORT}`

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../test-results/storybook',
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: url,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? chromium.executablePath, args: chromium.args },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node serve-static.mjs ${process.env.STORYBOOK_STATIC_PORT}`,
    url: `${url}/index.json`,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
})
