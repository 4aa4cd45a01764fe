import { HotTaskError, isHotTaskError, type HotTaskErrorKind } from '../../core/errors'

const KINDS: readonly string[] = ['invalid-input', 'config', 'network', 'timeout', 'http', 'api', 'invalid-response', 'aborted'] satisfies HotTaskErrorKind[]

/**
 * `value` as a {@link HotTaskError}: itself when it is one, or one made again from the plain data a persister kept
 * of it (`JSON.stringify` gives `{ kind, message, status?, code?, retryAfterMs? }`); `undefined` for anything else.
 *
 * @example
 * reviveError(JSON.parse(JSON.stringify(error))) // a HotTaskError again, with the same kind, message and status
 */
export function reviveError(value: unknown): HotTaskError | undefined {
  if (isHotTaskError(value)) return value
  if (typeof value !== 'object' || value === null) return undefined
  const { kind, message, status, code, retryAfterMs } = value as Record<string, unknown>
  if (!KINDS.includes(kind as string) || typeof message !== 'string') return undefined
  const facts = Object.fromEntries(Object.entries({ status, code, retryAfterMs }).filter(([, fact]) => Number.isFinite(fact)))
  return new HotTaskError(kind as HotTaskErrorKind, message, facts)
}
