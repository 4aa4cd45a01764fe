import type { QueryClient } from '@tanstack/react-query'
import { createContext } from 'react'
import type { SessionClient } from '../core/session-client'

/** What `HotTaskProvider` gives its descendants. */
export interface HotTaskContextValue {
  /** The session half of the client; hooks that send messages add the rest with `withMessages`. */
  client: SessionClient
  /** The QueryClient the hooks use: the `queryClient` prop, the app's, or the provider's own. */
  queryClient: QueryClient
}

export const HotTaskContext = createContext<HotTaskContextValue | null>(null)
