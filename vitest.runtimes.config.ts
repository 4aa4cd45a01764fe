import { defineConfig } from 'vitest/config'

/**
 * `npm run test:runtimes`: the packed package, each snippet of docs/other-servers.md served on its real runtime
 * (workerd, Bun, Deno, Node) against a fake HotTask on 127.0.0.1. Not part of `npm test`: it starts a dozen
 * processes and takes a minute or two.
 */
export default defineConfig({
  test: {
    name: 'runtimes',
    include: ['test/runtimes/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
})
