import { createSyncStoragePersister } from '@tanstack/query-sync-storage-persister'
import { QueryClient } from '@tanstack/react-query'
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { isHotTaskError } from '../../src/core/errors'
import { useChat } from '../../src/react/chat/use-chat'
import { HotTaskProvider } from '../../src/react/provider'
import { answerWith, fakeHotTask, heldAnswer, refusalWith } from '../support/fake-hottask'

/** A page of the app as the README's recipe writes it: a persister over `storage`, a fresh QueryClient per load. */
function loadPage(storage: Storage, hotTask: ReturnType<typeof fakeHotTask>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } })
  const persister = createSyncStoragePersister({ storage, throttleTime: 0 })
  const wrapper = ({ children }: { children: ReactNode }) => (
    <PersistQueryClientProvider client={queryClient} persistOptions={{ persister }}>
      <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>{children}</HotTaskProvider>
    </PersistQueryClientProvider>
  )
  return renderHook(() => useChat('bot-1'), { wrapper })
}

function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  }
}

describe('useChat with a react-query persister (a reload)', () => {
  it('restores the conversation and its session; a message still sending comes back failed, and retry sends it once', async () => {
    const storage = memoryStorage()
    const before = fakeHotTask()
    before.onMessage = (message) => {
      if (message.content === 'refused') return refusalWith(400, 'Not that')
      if (message.content === 'on its way') return heldAnswer(message).promise // the page is left before the answer
      return answerWith(`You said: ${message.content}`)
    }
    const first = loadPage(storage, before)
    await act(() => first.result.current.sendMessage('hello'))
    await act(() => first.result.current.sendMessage('refused'))
    act(() => void first.result.current.sendMessage('on its way'))
    await waitFor(() => expect(storage.getItem('REACT_QUERY_OFFLINE_CACHE')).toContain('on its way'))
    first.unmount()

    const after = fakeHotTask()
    const second = loadPage(storage, after)
    await waitFor(() => expect(second.result.current.messages).toHaveLength(4))
    const [hello, answer, refused, interrupted] = second.result.current.messages
    expect(hello).toMatchObject({ role: 'user', content: 'hello', status: 'sent' })
    expect(answer).toMatchObject({ role: 'assistant', content: 'You said: hello', status: 'sent' })
    expect(refused).toMatchObject({ content: 'refused', status: 'failed', error: { kind: 'http', status: 400, retryable: false } })
    expect(isHotTaskError(refused!.error)).toBe(true)
    expect(interrupted).toMatchObject({ content: 'on its way', status: 'failed', error: { kind: 'aborted' } })
    expect(isHotTaskError(interrupted!.error)).toBe(true)
    expect(second.result.current.status).toBe('error')
    expect(second.result.current.session).toMatchObject({ sessionId: 100, sessionToken: 'token-100' })
    // Nothing was sent by the reload itself.
    expect(after.messages).toEqual([])

    await act(() => second.result.current.retry(interrupted!.id))
    await waitFor(() => expect(second.result.current.status).toBe('ready'))
    expect(after.sessions).toEqual([])
    expect(after.messages).toMatchObject([{ sessionID: 100, content: 'on its way', sessionToken: 'token-100' }])
    expect(second.result.current.messages.slice(-2).map((m) => [m.content, m.status])).toEqual([
      ['on its way', 'sent'],
      ['You said: on its way', 'sent'],
    ])
  })
})
