import type { Preview } from '@storybook/react-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { startMockWorker } from './mock-worker'

const preview: Preview = {
  loaders: [mswLoader(startMockWorker)],
  beforeEach({ parameters, canvasElement }) {
    // axe checks the story's root (#storybook-root in Storybook, a bare <div> in `npm run test:stories`), not the
    // whole frame: page-level rules (landmark-one-main, page-has-heading-one, region) judge the page a component is
    // put into, which belongs to the site; axe skips them when it checks a part of a page.
    parameters.a11y = { ...parameters.a11y, context: canvasElement }
  },
  parameters: {
    controls: { expanded: true },
    a11y: {
      // Any violation fails the story's test in `npm run test:stories` (the addon's default, 'todo', only warns).
      test: 'error',
      options: {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      },
    },
    // `npm run storybook` opens on the widget users copy (its first story waits for a message), on the built-in mock.
    options: { storySort: { order: ['ChatWidget', 'ChatLauncher', '*'] } },
    layout: 'centered',
  },
}

export default preview
