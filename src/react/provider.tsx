import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { HotTaskClientConfig } from '../core/types'
import { HotTaskContext } from './context'
import { useStableClient } from './use-stable-client'

/**
 * The `config` of {@link HotTaskProvider}: the core client's options, less `shareInFlight` (always on here).
 *
 * @example
 * const config: HotTaskProviderConfig = { baseUrl: '/api/hottask', timeoutMs: 10_000 }
 * <HotTaskProvider config={config}><App /></HotTaskProvider>
 */
export type HotTaskProviderConfig = Omit<HotTaskClientConfig, 'shareInFlight'>

/**
 * Props of {@link HotTaskProvider}.
 *
 * @example
 * const props: HotTaskProviderProps = { config: { baseUrl: '/api/hottask' }, queryClient: new QueryClient() }
 * <HotTaskProvider {...props}><App /></HotTaskProvider>
 */
export interface HotTaskProviderProps {
  /** Where and how to call the API. An equal config on a later render keeps the same client. */
  config: HotTaskProviderConfig
  /**
   * The QueryClient for the hooks' mutations. Default: the app's (from `QueryClientProvider`), or else one
   * of the provider's own. Under an app `QueryClientProvider`, the app's own hooks keep the app's client;
   * without one, the provider also gives this client to the react-query hooks below it (`useMutationState`).
   */
  queryClient?: QueryClient
  /** The part of the app that uses the hooks. */
  children?: ReactNode
}

/**
 * Gives `useChatSession` and `useHotTaskClient` their client. Throws a `config` `HotTaskError` at render
 * for settings that cannot work, such as a secret key (`apiKey`, or an `Authorization` header to another
 * origin) without `dangerouslyAllowBrowser`, also in a server render, whose props reach the browser: use
 * the proxy mode instead.
 *
 * @example
 * <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>
 *   <App />
 * </HotTaskProvider>
 */
export function HotTaskProvider({ config, queryClient: given, children }: HotTaskProviderProps) {
  const client = useStableClient(config)
  const appQueryClient = useContext(QueryClientContext)
  const [ownQueryClient] = useState(() => new QueryClient())
  const queryClient = given ?? appQueryClient ?? ownQueryClient

  // Mounting lets paused mutations resume when the page is back online; it is counted, so the app's own
  // QueryClientProvider mounting the same client is harmless.
  useEffect(() => {
    queryClient.mount()
    return () => queryClient.unmount()
  }, [queryClient])

  const value = useMemo(() => ({ client, queryClient }), [client, queryClient])
  const provided = <HotTaskContext.Provider value={value}>{children}</HotTaskContext.Provider>
  return appQueryClient ? provided : <QueryClientProvider client={queryClient}>{provided}</QueryClientProvider>
}
