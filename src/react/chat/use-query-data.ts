import type { QueryCacheNotifyEvent, QueryClient, QueryKey } from '@tanstack/react-query'
import { useCallback, useSyncExternalStore } from 'react'

/**
 * The query cache's events that may change what {@link useQueryData} reads. Observer events never change the data
 * (and one from a useQuery's effect, before React has kept this render's snapshot, would cost a render for nothing).
 * Nor is `added` needed: once subscribed, a query added under this key comes after a `removed` already heard, whose
 * render reads what is there then; and useQuery adds it back while rendering, when telling React is an error.
 */
const DATA_EVENTS: ReadonlySet<QueryCacheNotifyEvent['type']> = new Set(['updated', 'removed'])

/**
 * The data of the query `queryKey`, read again as soon as the query cache says that query changed. A `setQueryData`
 * is therefore in the very render that follows it (the render that ends the event that wrote it), where `useQuery`
 * hears of it only on react-query's notify schedule, a macrotask later. `empty` stands for a query not in the cache,
 * so the snapshot does not change when `useQuery` adds it back with `empty` as its `initialData`. `queryKey` keeps
 * its identity across renders (a `ChatRunner`'s key does), or the cache is subscribed to again at each one.
 *
 * @example
 * const data = useQueryData(queryClient, ['hottask', 'chat', '3254a9d0…', 'default'], EMPTY_CONVERSATION)
 */
export function useQueryData(queryClient: QueryClient, queryKey: QueryKey, empty: unknown): unknown {
  const subscribe = useCallback(
    (onChange: () => void) => {
      // Hashed once, as the cache hashes the key (the client's queryKeyHashFn, if any), not at every event of every query.
      const { queryHash } = queryClient.defaultQueryOptions({ queryKey })
      // The cache tells its listeners synchronously (only observers are told on the notify schedule).
      return queryClient.getQueryCache().subscribe((event) => {
        if (DATA_EVENTS.has(event.type) && event.query.queryHash === queryHash) onChange()
      })
    },
    [queryClient, queryKey],
  )
  const read = () => queryClient.getQueryData(queryKey) ?? empty
  return useSyncExternalStore(subscribe, read, read)
}
