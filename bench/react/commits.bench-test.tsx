// Counts React commits from mutate() to success: useChatSession under HotTaskProvider against a plain
// useMutation doing the same fetch; and per message exchange, useChat against useMutation + useState by hand.
// Writes the counts to the JSON file named by HOTTASK_BENCH_OUT.
import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { writeFileSync } from 'node:fs'
import { Profiler, useState, type ReactNode } from 'react'
import { afterAll, afterEach, expect, test } from 'vitest'
import { HotTaskProvider, useChat, useChatSession } from '../../src/react/index'

const BASE_URL = 'http://localhost/api/hottask'
const SERIAL = '3254a9d0-bench'
const RUNS = 5

const envelope = { Data: { SessionID: 123456 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }

// The reply waits until the run releases it, as a real network reply arrives after the pending render;
// an instant reply would let react-query batch pending and success into one commit on both sides.
function newGate() {
  let resolve = () => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}
let gate = newGate()
const answer = { Data: { messageid: 1, content: 'Hi!', totalToken: 3 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }
const fakeFetch: typeof fetch = async (input) => {
  await gate.promise
  const body = String(input).endsWith('/chat/Chat/ClientAsk') ? answer : envelope
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
}

interface MutationView {
  mutate: () => void
  status: string
}

function View({ mutate, status }: MutationView) {
  return (
    <button type="button" onClick={() => mutate()}>
      {status}
    </button>
  )
}

function LibraryView() {
  const chat = useChatSession(SERIAL)
  return <View mutate={chat.mutate} status={chat.status} />
}

function BaselineView() {
  const chat = useMutation({
    mutationFn: async () => {
      const res = await fakeFetch(`${BASE_URL}/chat/Chatbot/GetSession`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ serialNumber: SERIAL }),
      })
      return (await res.json()) as typeof envelope
    },
  })
  return <View mutate={chat.mutate} status={chat.status} />
}

const trees: Record<'library' | 'baseline', () => ReactNode> = {
  library: () => (
    <HotTaskProvider config={{ baseUrl: BASE_URL, fetch: fakeFetch }}>
      <LibraryView />
    </HotTaskProvider>
  ),
  baseline: () => (
    <QueryClientProvider client={new QueryClient()}>
      <BaselineView />
    </QueryClientProvider>
  ),
}

/** Commits of the whole tree (provider included) from the click that calls mutate() to the success render. */
async function commitsToSuccess(tree: () => ReactNode) {
  let commits = 0
  render(
    <Profiler id="bench" onRender={() => commits++}>
      {tree()}
    </Profiler>,
  )
  await act(async () => {})
  const mountCommits = commits
  commits = 0
  gate = newGate()
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('pending')
  gate.resolve()
  await screen.findByText('success')
  const toSuccess = commits
  await act(async () => {})
  return { mountCommits, toSuccess, afterSettling: commits }
}

const results: Record<'library' | 'baseline', Awaited<ReturnType<typeof commitsToSuccess>>[]> = { library: [], baseline: [] }

interface ChatView {
  send: (text: string) => void
  count: number
}

function ChatButton({ send, count }: ChatView) {
  return (
    <button type="button" onClick={() => send('hello')}>
      {count} messages
    </button>
  )
}

function LibraryChat() {
  const chat = useChat(SERIAL)
  return <ChatButton send={(text) => void chat.sendMessage(text)} count={chat.messages.length} />
}

/** What an app writes without useChat: the message list in useState, the message call in useMutation. */
function BaselineChat() {
  const [messages, setMessages] = useState<Array<{ role: string; content: string }>>([])
  const send = useMutation({
    mutationFn: async (content: string) => {
      const res = await fakeFetch(`${BASE_URL}/chat/Chat/ClientAsk`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sessionID: 123456, content, stream: false }),
      })
      return ((await res.json()) as typeof answer).Data.content
    },
    onSuccess: (content) => setMessages((list) => [...list, { role: 'assistant', content }]),
  })
  const onSend = (content: string) => {
    setMessages((list) => [...list, { role: 'user', content }])
    send.mutate(content)
  }
  return <ChatButton send={onSend} count={messages.length} />
}

const chatTrees: Record<'library' | 'baseline', () => ReactNode> = {
  library: () => (
    <HotTaskProvider config={{ baseUrl: BASE_URL, fetch: fakeFetch }}>
      <LibraryChat />
    </HotTaskProvider>
  ),
  baseline: () => (
    <QueryClientProvider client={new QueryClient()}>
      <BaselineChat />
    </QueryClientProvider>
  ),
}

/**
 * Commits of the whole tree from the click that sends the second message to its answer on screen. The first
 * exchange (which, for useChat, also creates the session) warms up, so both sides compare one message exchange.
 */
async function commitsPerExchange(tree: () => ReactNode) {
  let commits = 0
  render(
    <Profiler id="bench" onRender={() => commits++}>
      {tree()}
    </Profiler>,
  )
  gate = newGate()
  gate.resolve()
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('2 messages')
  await act(async () => {})
  gate = newGate()
  commits = 0
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('3 messages')
  gate.resolve()
  await screen.findByText('4 messages')
  const toAnswer = commits
  await act(async () => {})
  return { toAnswer, afterSettling: commits }
}

const chatResults: Record<'library' | 'baseline', Awaited<ReturnType<typeof commitsPerExchange>>[]> = { library: [], baseline: [] }

afterEach(cleanup)

for (const name of ['library', 'baseline'] as const) {
  test(`${name}: commits per message exchange`, async () => {
    for (let run = 0; run < RUNS; run++) {
      chatResults[name].push(await commitsPerExchange(chatTrees[name]))
      cleanup()
    }
    expect(chatResults[name].every((r) => r.toAnswer > 0)).toBe(true)
  })
}

for (const name of ['library', 'baseline'] as const) {
  test(`${name}: commits from mutate() to success`, async () => {
    for (let run = 0; run < RUNS; run++) {
      results[name].push(await commitsToSuccess(trees[name]))
      cleanup()
    }
    expect(results[name].every((r) => r.toSuccess > 0)).toBe(true)
  })
}

afterAll(() => {
  const out = process.env.HOTTASK_BENCH_OUT
  if (out) writeFileSync(out, JSON.stringify({ ...results, chat: chatResults }, null, 2))
})
