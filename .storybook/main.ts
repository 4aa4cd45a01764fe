import type { StorybookConfig } from '@storybook/react-vite'
import { fileURLToPath } from 'node:url'

const source = (entry: string) => fileURLToPath(new URL(`../src/${entry}/index.ts`, import.meta.url))

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  // @storybook/addon-vitest is used through vitest.stories.config.ts (npm run test:stories), not the UI's test button,
  // which would look for the story project in the root vitest.config.ts.
  // addon-a11y runs axe after every story; its parameters (.storybook/preview.ts) make a violation fail the story test.
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/react-vite', options: {} },
  // Serves msw's mockServiceWorker.js at the site's root, where the worker registers it.
  staticDirs: ['../public'],
  // A newcomer's first screen is the chat widget: no "What's new" notification, no "Get started" checklist in the sidebar.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  features: { sidebarOnboardingChecklist: false },
  viteFinal(viteConfig) {
    // Other tools' output (the Next.js example's .next, dist) must not reload the preview while it runs.
    const watch = viteConfig.server?.watch ?? {}
    const ignored = [watch.ignored ?? []].flat()
    const outputs = ['**/examples/*/.next/**', '**/examples/*/node_modules/**', '**/dist/**', '**/bench/**']
    viteConfig.server = { ...viteConfig.server, watch: { ...watch, ignored: [...ignored, ...outputs] } }
    // The chat widget is the Next.js example's own file, which imports the package by name: here, from src.
    viteConfig.resolve ??= {}
    const { alias = [] } = viteConfig.resolve
    viteConfig.resolve.alias = [
      ...(Array.isArray(alias) ? alias : Object.entries(alias).map(([find, replacement]) => ({ find, replacement }))),
      { find: /^react-hottask$/, replacement: source('react') },
      { find: /^react-hottask\/(core|server|msw)$/, replacement: source('$1') },
    ]
    viteConfig.build ??= {}
    // Storybook's own preview bundle is over Vite's 500 kB hint; that is expected for a docs site.
    viteConfig.build.chunkSizeWarningLimit = 2_000
    const rollupOptions = viteConfig.build.rollupOptions ?? {}
    const { onwarn } = rollupOptions
    viteConfig.build.rollupOptions = {
      ...rollupOptions,
      onwarn(warning, warn) {
        // The library's entry starts with "use client" for Next.js; bundling it into Storybook drops that
        // directive on purpose, and rollup warns about it twice (the second time about its position).
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        if (warning.code === 'SOURCEMAP_ERROR' && warning.loc?.line === 1 && warning.loc.column === 0) return
        if (onwarn) onwarn(warning, warn)
        else warn(warning)
      },
    }
    return viteConfig
  },
}

export default config
