import { useContext } from 'react'
import { configError } from '../core/errors'
import type { HotTaskClient } from '../core/types'
import { wholeClient } from '../core/whole-client'
import { HotTaskContext, type HotTaskContextValue } from './context'

/** The provider's context; the one place that reports a missing `HotTaskProvider`. */
export function useHotTaskContext(hook: string): HotTaskContextValue {
  const context = useContext(HotTaskContext)
  if (!context)
    throw configError(`${hook}() must be called inside <HotTaskProvider>: wrap your app (or this component) in one.`)
  return context
}

/**
 * The core client of the nearest `HotTaskProvider`, for calls outside react-query. The same object on
 * every render while the provider's config is equal.
 *
 * @example
 * const client = useHotTaskClient()
 * const start = async () => setSession(await client.createChatSession('3254a9d0…'))
 */
export function useHotTaskClient(): HotTaskClient {
  return wholeClient(useHotTaskContext('useHotTaskClient').client)
}
