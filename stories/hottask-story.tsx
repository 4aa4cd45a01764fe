import type { Decorator, StoryContext } from '@storybook/react-vite'
import { QueryClient } from '@tanstack/react-query'
import type { HttpHandler, LifeCycleEventsMap } from 'msw'
import { useState, type ReactNode } from 'react'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../src/core'
import { HotTaskProvider, type HotTaskProviderConfig } from '../src/react'

/** The controls of the ChatLauncher stories: the chatbot, and the latency of the mocked API. */
export interface ChatLauncherStoryArgs {
  serialNumber: string
  /** How long the mocked API waits before it replies, in ms. */
  delayMs: number
}

/** A request the mocked API received, as the stories' play functions check it. */
export interface RecordedRequest {
  url: string
  authorization: string | null
}

/** The controls of the ChatWidget stories: the chatbot, and how long the mocked chatbot takes to answer. */
export interface ChatWidgetStoryArgs {
  serialNumber: string
  /** How long the mocked chatbot takes to answer a message, in ms. */
  replyDelayMs: number
}

/** The "Create Chat Session" requests of the story on screen, oldest first; emptied when a story starts. */
export const hotTaskRequests: RecordedRequest[] = []

/** The bodies of the story's "Message a Chatbot" requests, oldest first; emptied when a story starts. */
export const hotTaskMessages: Array<{ sessionID: number; content: string; sessionToken?: string }> = []

function StoryProvider({ config, children }: { config: HotTaskProviderConfig; children: ReactNode }) {
  // One QueryClient a story: no mutation state leaks from one story into another.
  const [queryClient] = useState(() => new QueryClient())
  return (
    <HotTaskProvider config={config} queryClient={queryClient}>
      {children}
    </HotTaskProvider>
  )
}

/**
 * The API host of the stories that do not set one: a name that cannot resolve (`.invalid` is reserved for that), so
 * a request msw missed fails at once instead of reaching HotTask's real host.
 */
export const STORY_API_HOST = 'https://hottask.invalid'

/**
 * Wraps each story in its own `HotTaskProvider`, configured by the story's `parameters.hotTask`
 * (default: {@link STORY_API_HOST}, no key; msw answers in the browser).
 */
export const withHotTaskProvider: Decorator = (Story, { parameters }) => (
  <StoryProvider config={{ baseUrl: STORY_API_HOST, ...(parameters.hotTask as HotTaskProviderConfig | undefined) }}>
    <Story />
  </StoryProvider>
)

/**
 * The `beforeEach` of every story: records the story's "Create Chat Session" requests in {@link hotTaskRequests}
 * and its messages in {@link hotTaskMessages}, for play functions that check what left the page.
 */
export function recordHotTaskRequests<TArgs>({ msw }: StoryContext<TArgs>) {
  hotTaskRequests.length = 0
  hotTaskMessages.length = 0
  const record = ({ request }: LifeCycleEventsMap['request:start'][0]) => {
    const { pathname } = new URL(request.url)
    if (pathname.endsWith(CHAT_SESSION_PATH)) hotTaskRequests.push({ url: request.url, authorization: request.headers.get('authorization') })
    if (pathname.endsWith(CHAT_MESSAGE_PATH)) void request.clone().json().then((body: (typeof hotTaskMessages)[number]) => hotTaskMessages.push(body))
  }
  msw.events.on('request:start', record)
  return () => msw.events.removeListener('request:start', record)
}

/**
 * A story's `beforeEach` that makes the mocked API answer with `handlers`, built afresh for every
 * render so stateful mocks (`failThenSucceed`, the growing session ids, a chatbot's conversations) start over,
 * and with the story's current controls.
 *
 * Handlers go through `msw.use` rather than `parameters.msw` because parameters are built once when
 * the story file loads, and a `failThenSucceed` that already succeeded would never fail again.
 */
export function mockHotTask<TArgs>(handlers: (args: TArgs) => HttpHandler[]) {
  return ({ msw, args }: StoryContext<TArgs>) => {
    msw.use(...handlers(args))
  }
}
