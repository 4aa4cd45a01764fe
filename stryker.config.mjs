// @ts-check
// `npm run test:mutation`: mutates the library's logic and runs the unit tests against each mutant.
// Reports go to reports/mutation (git-ignored); incremental mode re-tests only what changed since the last run.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/{core,server,react}/**/*.{ts,tsx}',
    // Entry files only re-export; type-only files hold nothing to mutate.
    '!src/**/index.ts',
    '!src/core/types.ts',
    '!src/server/node/types.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 95 },
  concurrency: 2,
  // Loopback servers and Redis: a mutant that hangs is killed by the timeout, not left running.
  timeoutMS: 10_000,
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: 'always',
}
