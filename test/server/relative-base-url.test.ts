import { expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { isHotTaskError } from '../../src/core/errors'

it('a relative baseUrl where there is no location (a server) rejects with a config error asking for an absolute URL', async () => {
  expect(typeof location).toBe('undefined')
  const fetch = vi.fn<typeof globalThis.fetch>()
  const client = createHotTaskClient({ baseUrl: '/api/hottask', fetch })
  const error = await client.createChatSession('bot-1').catch((e: unknown) => e)
  expect(isHotTaskError(error)).toBe(true)
  expect(error).toMatchObject({ kind: 'config', retryable: false })
  const { message } = error as Error
  expect(message).toContain('"/api/hottask"')
  expect(message).toMatch(/relative baseUrl/)
  expect(message).toMatch(/absolute URL/)
  expect(fetch).not.toHaveBeenCalled()
})
