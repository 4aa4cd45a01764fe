import { QueryClient } from '@tanstack/react-query'
import { renderHook, type RenderHookOptions } from '@testing-library/react'
import type { ReactNode } from 'react'
import { HotTaskProvider, type HotTaskProviderConfig } from '../../src/react/provider'

/** renderHook inside a HotTaskProvider with its own QueryClient (returned, to inspect its caches). */
export function renderWithProvider<T>(
  hook: () => T,
  config: HotTaskProviderConfig = {},
  options: Omit<RenderHookOptions<unknown>, 'wrapper'> = {},
) {
  const queryClient = new QueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <HotTaskProvider config={config} queryClient={queryClient}>
      {children}
    </HotTaskProvider>
  )
  return { ...renderHook(hook, { wrapper, ...options }), queryClient }
}
