import type { QueryClient } from '@tanstack/react-query'
import { createContext } from 'react'
import type { HotTaskClient } from '../core/types'

/** What `HotTaskProvider` gives its descendants. */
export interface HotTaskContextValue {
  client: HotTaskClient
  /** The QueryClient the hooks use: the `queryClient` prop, the app's, or the provider's own. */
  queryClient: QueryClient
}

export const HotTaskContext = createContext<HotTaskContextValue | null>(null)
