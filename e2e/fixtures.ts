import { test as base, expect, type APIResponse, type Page, type Response } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { runValue } from './run-values'

/** One call the fake upstream received (fake-upstream.mjs), and what it answered. */
export interface UpstreamCall {
  method: string
  path: string
  authorization: string | undefined
  /** The request body as JSON, or its text when it was not JSON. */
  body: unknown
  /** The HTTP status the upstream answered with. */
  status: number
  /** The `Data` of the envelope it answered with: `{ SessionID }`, `{ messageid, content, totalToken }` or null. */
  data: unknown
}

/** The fake HotTask upstream, as the specs see it. */
export interface FakeUpstream {
  /** Every call received so far, oldest first. */
  calls(): Promise<UpstreamCall[]>
  /** The calls received while `action` ran (specs run one at a time, so these are the action's). */
  callsDuring(action: () => Promise<void>): Promise<UpstreamCall[]>
  /** Makes the next "Message a Chatbot" call fail with `status` (and an error envelope), once. */
  failNextMessage(status: number): Promise<void>
}

/** A response the page received, as the key check read it: its headers and body as one text. */
export interface ReadResponse {
  url: string
  status: number
  text: string
}

/** What the page fixture watches: every response the browser received during the test. */
export interface BrowserResponses {
  /** The responses received so far, once each has been read. */
  read(): Promise<ReadResponse[]>
}

/** The secret key the app was started with: a throwaway value unique to this run. */
export const canaryKey = runValue('E2E_CANARY_KEY')

/** Headers and body as one string (the body as latin1, so any bytes of the key still match). */
const asText = (headers: Record<string, string>, body: Buffer) => `${JSON.stringify(headers)}\n${body.toString('latin1')}`

/**
 * A response the page received, read from the browser. Only a redirect may have no body: any other body that
 * cannot be read fails the test, so none goes unchecked.
 */
async function readResponse(response: Response): Promise<ReadResponse> {
  const status = response.status()
  const body = status >= 300 && status < 400 ? Buffer.alloc(0) : await response.body()
  return { url: response.url(), status, text: asText(await response.allHeaders(), body) }
}

/** A response Playwright fetched for the page (see the page fixture's route). */
async function readApiResponse(response: APIResponse): Promise<ReadResponse> {
  return { url: response.url(), status: response.status(), text: asText(response.headers(), await response.body()) }
}

/**
 * An address of its own for one visitor, in the IPv6 documentation range (2001:db8::/32), random so that
 * no two tests, repeats or retries of this run share one.
 */
export function visitorAddress(): string {
  const groups = randomBytes(8).toString('hex').match(/.{4}/g) ?? []
  return `2001:db8:${groups.slice(0, 2).join(':')}::${groups.slice(2).join(':')}`
}

/** `promise`, or a rejection naming `what` once `ms` have passed. */
function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out ${what}`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The responses each page fixture is reading (a reason in place of one that could not be read). */
const readsOf = new WeakMap<Page, Promise<ReadResponse | string>[]>()
const isRead = (read: ReadResponse | string): read is ReadResponse => typeof read !== 'string'

// Each fixture hands its value to the test with `provide` (Playwright's docs call it `use`, a name the
// React hooks lint rule claims).

export const test = base.extend<{ upstream: FakeUpstream; browserResponses: BrowserResponses }>({
  // Playwright reads the fixtures a fixture needs from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  upstream: async ({}, provide) => {
    const upstreamUrl = `http://127.0.0.1:${runValue('E2E_UPSTREAM_PORT')}`
    const calls = async () => (await (await fetch(`${upstreamUrl}/__e2e/calls`)).json()) as UpstreamCall[]
    await provide({
      calls,
      async callsDuring(action) {
        const before = (await calls()).length
        await action()
        return (await calls()).slice(before)
      },
      async failNextMessage(status) {
        const reply = await fetch(`${upstreamUrl}/__e2e/fail-next-message`, { method: 'POST', body: JSON.stringify({ status }) })
        if (!reply.ok) throw new Error(`the fake upstream refused to fail the next message: ${reply.status}`)
      },
    })
  },

  /** The responses the page fixture has checked for the key so far, for a test that makes sure of what it covers. */
  browserResponses: async ({ page }, provide) => {
    await provide({ read: async () => (await Promise.all(readsOf.get(page) ?? [])).filter(isRead) })
  },

  /**
   * The page of a visitor of its own, watched for the whole test: afterwards, the key is in no response the
   * browser received (headers and bodies: HTML, scripts, RSC payloads, API replies) nor in the final DOM, and
   * the page threw no uncaught error.
   */
  page: async ({ page }, provide) => {
    // The e2e plays the proxy in front of the app (HOTTASK_CLIENT_IP_HEADER=x-real-ip in the config): a new
    // visitor per test, so that no test's sessions count against another's rate limit.
    await page.setExtraHTTPHeaders({ 'x-real-ip': visitorAddress() })
    const reads: Promise<ReadResponse | string>[] = []
    readsOf.set(page, reads)
    const read = (what: string, reading: Promise<ReadResponse>) =>
      reads.push(withinMs(reading, 15_000, `reading ${what}`).catch((error: Error) => `${what}: ${error.message}`))
    // Chromium keeps no copy of a body that the page reads as a stream, as react-hottask's client reads the
    // route's replies and React a Server Action's, so Playwright cannot read those from the page. The POSTs
    // therefore go through Playwright: it makes each request as the browser sent it, reads the app's reply,
    // and hands it on to the browser as it is.
    await page.route('**/*', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback()
      const response = await route.fetch().catch(() => undefined)
      // The app could not be reached: the page gets the network error it would have got.
      if (!response) return route.abort().catch(() => {})
      read(response.url(), readApiResponse(response))
      await route.fulfill({ response }).catch(() => {}) // the page has closed, or given up on the request
    })
    page.on('response', (response) => {
      if (response.request().method() !== 'POST') read(response.url(), readResponse(response))
    })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))

    await provide(page)

    const dom = page.url().startsWith('http') ? await page.content() : ''
    const settled = await Promise.all(reads)
    const unread = settled.filter((entry) => !isRead(entry))
    const responses = settled.filter(isRead)
    expect(unread, 'every response the browser received could be read').toEqual([])
    expect(
      responses.filter(({ text }) => text.includes(canaryKey)).map(({ url }) => url),
      `the key is in none of the ${responses.length} responses the browser received`,
    ).toEqual([])
    expect(dom.includes(canaryKey), 'the key is not in the rendered DOM').toBe(false)
    expect(pageErrors, 'no uncaught errors in the page').toEqual([])
  },
})

export { expect }
