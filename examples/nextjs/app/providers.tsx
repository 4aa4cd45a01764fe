'use client'

import type { ReactNode } from 'react'
import { HotTaskProvider } from 'react-hottask'

/**
 * The browser's side of the proxy mode: no key here, only the path of this app's route handler
 * (app/api/hottask/[...path]/route.ts), which adds the key and forwards both of HotTask's calls.
 */
export function Providers({ children }: { children: ReactNode }) {
  return <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>{children}</HotTaskProvider>
}
