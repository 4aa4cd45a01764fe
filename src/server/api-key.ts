import { isUsableApiKey } from '../core/config'
import type { ResolvedHandlerOptions } from './options'

/** The environment variable the handler reads its key from when no `apiKey` option is given. */
export const API_KEY_VARIABLE = 'HOTTASK_API_KEY'

const variableOf = (source: unknown): unknown =>
  typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[API_KEY_VARIABLE] : undefined

/**
 * The key for one request: the `apiKey` option, else `HOTTASK_API_KEY` from the handler's `env` argument
 * (Workers, Hono's `c.env`), else from `process.env`. Read per request, so a key rotated in the environment
 * is picked up and a module that makes the handler at load time builds without it. `undefined` when none is usable.
 *
 * @example
 * const key = apiKeyFor(options, env) // options.apiKey ?? env.HOTTASK_API_KEY ?? process.env.HOTTASK_API_KEY
 */
export function apiKeyFor(options: Pick<ResolvedHandlerOptions, 'apiKey'>, env: unknown): string | undefined {
  if (options.apiKey !== undefined) return options.apiKey
  // A second argument without the key (Next.js passes `{ params }`) is passed over.
  const key = variableOf(env) ?? variableOf(globalThis.process?.env)
  return isUsableApiKey(key) ? key : undefined
}
