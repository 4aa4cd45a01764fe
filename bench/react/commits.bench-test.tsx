// Counts React commits from mutate() to success: useChatSession under HotTaskProvider against a plain
// useMutation doing the same fetch. Writes the counts to the JSON file named by HOTTASK_BENCH_OUT.
import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { writeFileSync } from 'node:fs'
import { Profiler, type ReactNode } from 'react'
import { afterAll, afterEach, expect, test } from 'vitest'
import { HotTaskProvider, useChatSession } from '../../src/react/index'

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
const fakeFetch: typeof fetch = async () => {
  await gate.promise
  return new Response(JSON.stringify(envelope), { status: 200, headers: { 'content-type': 'application/json' } })
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

afterEach(cleanup)

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
  if (out) writeFileSync(out, JSON.stringify(results, null, 2))
})
