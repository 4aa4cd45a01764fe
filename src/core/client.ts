import { resolveConfig } from './config'
import { createSessionClient } from './session-client'
import type { HotTaskClient, HotTaskClientConfig } from './types'
import { completeClient } from './whole-client'

/**
 * Makes a HotTask API client. Throws a `config` {@link HotTaskError} for settings that cannot work,
 * such as a secret key in a browser without `dangerouslyAllowBrowser`.
 *
 * @example
 * const client = createHotTaskClient({ apiKey: process.env.HOTTASK_API_KEY })
 * const session = await client.createChatSession('3254a9d0…')
 * const reply = await client.sendMessage(session, 'Hello!')
 */
export function createHotTaskClient(config: HotTaskClientConfig = {}): HotTaskClient {
  return completeClient(createSessionClient(resolveConfig(config)))
}
