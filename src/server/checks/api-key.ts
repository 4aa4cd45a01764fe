import { isUsableApiKey } from '../../core/config'
import { configError } from '../../core/errors'
import type { ResolvedHandlerOptions } from '../options'
import type { IncomingCall } from './incoming-call'
import { refusal, type EnvelopeAnswer } from './refusal'

/** The environment variable the handler reads its key from when no `apiKey` option is given. */
export const API_KEY_VARIABLE = 'HOTTASK_API_KEY'

const variableOf = (source: unknown): unknown =>
  typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[API_KEY_VARIABLE] : undefined

// What Deno throws on reading the environment without `--allow-env`: `NotCapable` (Deno 2), `PermissionDenied` (Deno 1).
const PERMISSION_ERRORS = new Set(['NotCapable', 'PermissionDenied'])
const isPermissionError = (error: unknown) => error instanceof Error && PERMISSION_ERRORS.has(error.name)

const ENV_DENIED =
  `${API_KEY_VARIABLE} cannot be read: the runtime denies access to the environment. On Deno, run with --allow-env ` +
  `(or --allow-env=${API_KEY_VARIABLE}), or pass apiKey to createHotTaskHandler.`

/** The key for one request, or what is wrong with the environment's. */
export type ApiKeyLookup = { key: string; problem?: undefined } | { key?: undefined; problem: string }

/**
 * The key for one request: the `apiKey` option, else `HOTTASK_API_KEY` from the handler's `env` argument
 * (Workers, Hono's `c.env`), else from `process.env`. Read per request, so a key rotated in the environment
 * is picked up and a module that makes the handler at load time builds without it. When none is usable,
 * `problem` says why (unset, set to something that cannot be a key, or not readable: Deno without `--allow-env`).
 *
 * @example
 * const { key, problem } = apiKeyFor(options, env) // options.apiKey ?? env.HOTTASK_API_KEY ?? process.env.HOTTASK_API_KEY
 */
export function apiKeyFor(options: Pick<ResolvedHandlerOptions, 'apiKey'>, env: unknown): ApiKeyLookup {
  if (options.apiKey !== undefined) return { key: options.apiKey }
  // A second argument without the key (Next.js passes `{ params }`) is passed over.
  let value = variableOf(env)
  try {
    value ??= variableOf(globalThis.process?.env)
  } catch (error) {
    if (!isPermissionError(error)) throw error
    return { problem: ENV_DENIED }
  }
  // Trimmed, as HTTP trims a header value: the key HotTask sees, and may echo, is the one to scrub.
  if (isUsableApiKey(value)) return { key: value.trim() }
  return {
    problem:
      value === undefined
        ? `no key: set ${API_KEY_VARIABLE} in the server's environment, or pass apiKey to createHotTaskHandler.`
        : `${API_KEY_VARIABLE} is set but is not a usable key: it must be printable ASCII (no line breaks), not blank.`,
  }
}

/**
 * The key for this call (see {@link apiKeyFor}), or the 500 refusal of a server that has none usable, with
 * `onError` told why; nothing is sent upstream then.
 *
 * @example
 * const { key: apiKey, refused } = requireApiKey(options, call)
 * if (refused) return refused
 */
export function requireApiKey(
  options: Pick<ResolvedHandlerOptions, 'apiKey' | 'report' | 'version'>,
  call: IncomingCall,
): { key: string; refused?: undefined } | { refused: EnvelopeAnswer } {
  const { key, problem } = apiKeyFor(options, call.env)
  if (key !== undefined) return { key }
  options.report('config', configError(problem), call)
  return { refused: refusal(500, 'The server has no HotTask key configured.', options.version) }
}
