import { defineConfig } from 'vitest/config'

// Only for `npm run bench` (bench/run.mjs starts it): the React commit count needs a DOM. The root
// vitest.config.ts includes test/** only, so this never runs in `npm test`.
export default defineConfig({
  test: {
    include: ['bench/react/**/*.bench-test.tsx'],
    environment: 'jsdom',
    restoreMocks: true,
  },
})
