import { test as base, expect, type Response } from '@playwright/test'
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

/** The secret key the app was started with: a throwaway value unique to this run. */
export const canaryKey = runValue('E2E_CANARY_KEY')

interface ReadResponse {
  url: string
  text: string
}

/** Headers and body of a response as one string (bodies as latin1, so any bytes of the key still match). */
async function readResponse(response: Response): Promise<ReadResponse> {
  const headers = await response.allHeaders()
  const body = await response.body().catch(() => Buffer.alloc(0)) // redirects have none
  return { url: response.url(), text: `${JSON.stringify(headers)}\n${body.toString('latin1')}` }
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

// Each fixture hands its value to the test with `provide` (Playwright's docs call it `use`, a name the
// React hooks lint rule claims).
export const test = base.extend<{ upstream: FakeUpstream }>({
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
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('response', (response) =>
      reads.push(withinMs(readResponse(response), 15_000, `reading ${response.url()}`).catch((error: Error) => error.message)),
    )

    await provide(page)

    const dom = page.url().startsWith('http') ? await page.content() : ''
    const settled = await Promise.all(reads)
    const unread = settled.filter((read): read is string => typeof read === 'string')
    const responses = settled.filter((read): read is ReadResponse => typeof read !== 'string')
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
