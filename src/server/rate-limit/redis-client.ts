/**
 * The part of a [node-redis](https://github.com/redis/node-redis) v4–v6 client (`createClient()`,
 * `createCluster()`) that {@link createRedisRateLimitStore} uses.
 *
 * @example
 * import { createClient } from 'redis'
 * const client: NodeRedisEvalClient = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true })
 */
export interface NodeRedisEvalClient {
  /** Runs a script Redis knows by its SHA-1 (`EVALSHA`). */
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
  /** Runs a script by its text (`EVAL`), once Redis has forgotten it. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/**
 * The part of an [ioredis](https://github.com/redis/ioredis) client (`new Redis()`, `new Cluster()`) that
 * {@link createRedisRateLimitStore} uses.
 *
 * @example
 * import Redis from 'ioredis'
 * const client: IoRedisEvalClient = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false })
 */
export interface IoRedisEvalClient {
  /** Runs a script Redis knows by its SHA-1 (`EVALSHA`). */
  evalsha(sha1: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>
  /** Runs a script by its text (`EVAL`), once Redis has forgotten it. */
  eval(script: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>
}

/**
 * A Redis client of yours that can run a Lua script: node-redis (`redis` v4–v6) or ioredis. Told apart by
 * their method names (`evalSha` or `evalsha`), so react-hottask imports neither.
 *
 * @example
 * createRedisRateLimitStore(client satisfies RedisEvalClient)
 */
export type RedisEvalClient = NodeRedisEvalClient | IoRedisEvalClient

/** Runs a script on one key, by its SHA-1 or by its text. */
export interface ScriptRunner {
  evalSha(sha1: string, key: string, args: string[]): Promise<unknown>
  eval(script: string, key: string, args: string[]): Promise<unknown>
}

/**
 * The script calls of `client`, whichever library made it; `undefined` for anything else.
 *
 * @example
 * const run = scriptRunnerOf(client)
 * await run?.evalSha(sha1, 'react-hottask:rate-limit:203.0.113.7', ['60000'])
 */
export function scriptRunnerOf(client: unknown): ScriptRunner | undefined {
  if (typeof client !== 'object' || client === null) return undefined
  const has = (name: string) => typeof (client as Record<string, unknown>)[name] === 'function'
  if (has('evalSha') && has('eval')) {
    const nodeRedis = client as NodeRedisEvalClient
    return {
      evalSha: (sha1, key, args) => nodeRedis.evalSha(sha1, { keys: [key], arguments: args }),
      eval: (script, key, args) => nodeRedis.eval(script, { keys: [key], arguments: args }),
    }
  }
  if (has('evalsha') && has('eval')) {
    const ioRedis = client as IoRedisEvalClient
    return {
      evalSha: (sha1, key, args) => ioRedis.evalsha(sha1, 1, key, ...args),
      eval: (script, key, args) => ioRedis.eval(script, 1, key, ...args),
    }
  }
  return undefined
}
