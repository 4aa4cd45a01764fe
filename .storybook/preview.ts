import type { Preview } from '@storybook/react-vite'
import { isCommonAssetRequest } from 'msw'
import { setupWorker } from 'msw/browser'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../src/core'

/**
 * Starts msw's service worker once. A HotTask call that no story mocked is an error (a story would
 * otherwise reach the real API); any other unmocked request, such as Storybook's own, goes to the network.
 */
async function startMockWorker() {
  const worker = setupWorker()
  await worker.start({
    quiet: true,
    onUnhandledRequest(request, print) {
      if (isCommonAssetRequest(request)) return
      const { pathname } = new URL(request.url)
      if (pathname.endsWith(CHAT_SESSION_PATH) || pathname.endsWith(CHAT_MESSAGE_PATH)) print.error()
    },
  })
  return worker
}

const preview: Preview = {
  loaders: [mswLoader(startMockWorker)],
  parameters: {
    controls: { expanded: true },
    // `npm run storybook` opens on the conversation: the widget users copy, on the built-in mock.
    options: { storySort: { order: ['ChatWidget', 'ChatLauncher', '*'] } },
    layout: 'centered',
  },
}

export default preview
