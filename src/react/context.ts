import type { QueryClient } from '@tanstack/react-query'
import { createContext } from 'react'
import type { SessionClient } from '../core/session-client'

/** What `HotTaskProvider` gives its descendants. */
export interface HotTaskContextValue {
  /** The session half of the client (single attempts); `withMessages` and `wholeClient` add the rest for the hooks that need it. */
  client: SessionClient
  /** The QueryClient the hooks use: the `queryClient` prop, the app's, or the provider's own. */
  queryClient: QueryClient
}

export const HotTaskContext = createContext<HotTaskContextValue | null>(null)
