import { hashKey, QueryClient, type QueryKey } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { useQueryData } from '../../src/react/chat/use-query-data'

const KEY: QueryKey = ['hottask', 'chat', 'bot-1', 'default']
const EMPTY = { messages: [] }

function setup(queryClient = new QueryClient()) {
  let renders = 0
  const rendered = renderHook(() => (renders++, useQueryData(queryClient, KEY, EMPTY)))
  return { ...rendered, queryClient, renders: () => renders }
}

describe('useQueryData', () => {
  it('reads its query again when it is written, and not when another query is', () => {
    const { result, queryClient, renders } = setup()
    expect(result.current).toBe(EMPTY)
    act(() => void queryClient.setQueryData(KEY, { messages: ['hi'] }))
    expect(result.current).toEqual({ messages: ['hi'] })
    const before = renders()
    act(() => void queryClient.setQueryData(['hottask', 'chat', 'bot-2', 'default'], { messages: ['other'] }))
    expect(renders()).toBe(before)
    act(() => queryClient.removeQueries({ queryKey: KEY, exact: true }))
    expect(result.current).toBe(EMPTY)
  })

  it('follows a new QueryClient: subscribes to its cache and reads from it', () => {
    const [first, second] = [new QueryClient(), new QueryClient()]
    const { result, rerender } = renderHook(({ client }) => useQueryData(client, KEY, EMPTY), { initialProps: { client: first } })
    rerender({ client: second })
    act(() => void second.setQueryData(KEY, { messages: ['in the new cache'] }))
    expect(result.current).toEqual({ messages: ['in the new cache'] })
    act(() => void first.setQueryData(KEY, { messages: ['in the old cache'] }))
    expect(result.current).toEqual({ messages: ['in the new cache'] })
  })

  it("matches its query as the cache hashes it, with the client's own queryKeyHashFn", () => {
    const queryKeyHashFn = (key: QueryKey) => `custom:${hashKey(key)}`
    const { result, queryClient } = setup(new QueryClient({ defaultOptions: { queries: { queryKeyHashFn } } }))
    act(() => void queryClient.setQueryData(KEY, { messages: ['hi'] }))
    expect(result.current).toEqual({ messages: ['hi'] })
  })

  it('hashes its key once, not at each event of every query in the cache', () => {
    const queryKeyHashFn = vi.fn(hashKey)
    const { queryClient } = setup(new QueryClient({ defaultOptions: { queries: { queryKeyHashFn } } }))
    queryKeyHashFn.mockClear()
    act(() => {
      for (let i = 0; i < 5; i++) queryClient.setQueryData(['hottask', 'chat', 'bot-2', 'default'], { messages: [String(i)] })
    })
    expect(queryKeyHashFn.mock.calls.filter(([key]) => hashKey(key) === hashKey(KEY))).toEqual([])
  })
})
