import { http, HttpResponse, isCommonAssetRequest } from 'msw'
import { setupWorker } from 'msw/browser'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../src/core'

const WORKER_URL = '/mockServiceWorker.js'
const PROBE_PATH = '/__hottask-mock-probe'
const RELOADED_KEY = 'hottask-mock:reloaded-for-worker'

/** Answered by the worker only: a probe that comes back with this header went through msw, not the network. */
const probe = http.get(PROBE_PATH, () => new HttpResponse(null, { status: 204, headers: { 'x-hottask-mock': 'on' } }))

async function intercepts(): Promise<boolean> {
  if (!navigator.serviceWorker.controller) return false
  const response = await fetch(PROBE_PATH, { cache: 'no-store' }).catch(() => undefined)
  return response?.headers.get('x-hottask-mock') === 'on'
}

/**
 * Starts msw's service worker and proves it answers this page before any story renders.
 *
 * msw's worker unregisters itself when its last page closes: open a story's iframe.html, then the Storybook UI in
 * the same tab, and the UI's preview frame loads while the registration is going away, so the frame is not
 * controlled and its requests go to the network. So a probe request must come back from the worker before the loader
 * lets a story render; if it does not, the worker is registered again (which keeps a registration that is being
 * removed) and the frame reloaded once. If it is still not intercepted, the loader throws: the story fails, loudly,
 * instead of reaching a real host.
 */
export async function startMockWorker() {
  const worker = setupWorker(probe)
  await worker.start({
    quiet: true,
    serviceWorker: { url: WORKER_URL },
    onUnhandledRequest(request, print) {
      if (isCommonAssetRequest(request)) return
      const { pathname } = new URL(request.url)
      // A HotTask call that no story mocked is an error; Storybook's own requests go to the network.
      if (pathname.endsWith(CHAT_SESSION_PATH) || pathname.endsWith(CHAT_MESSAGE_PATH)) print.error()
    },
  })
  if (await intercepts()) {
    sessionStorage.removeItem(RELOADED_KEY)
    return worker
  }
  // Not in the story tests' runner, which a reload would break: there the loader throws at once.
  if (!sessionStorage.getItem(RELOADED_KEY) && !import.meta.env.VITEST) {
    sessionStorage.setItem(RELOADED_KEY, '1')
    // Takes back a registration that is being removed, so that the reloaded frame is controlled by it.
    await navigator.serviceWorker.register(WORKER_URL)
    location.reload()
    return new Promise<never>(() => {})
  }
  sessionStorage.removeItem(RELOADED_KEY)
  throw new Error(
    `msw's service worker does not intercept this page's requests (${WORKER_URL}): the stories would reach the network. Reload the page.`,
  )
}
