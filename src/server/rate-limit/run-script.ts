import type { ScriptRunner } from './redis-client'

/** A Lua script, and the SHA-1 of its text that `EVALSHA` finds it by. */
export interface RedisScript {
  text: string
  sha1: string
}

/** Redis forgot the script (restart, `SCRIPT FLUSH`, another node of a cluster). */
const isNoScript = (error: unknown) => error instanceof Error && error.message.startsWith('NOSCRIPT')

/**
 * Runs `script` on `key` by its SHA-1, and when Redis has forgotten it, by its text once: unless `stillWanted()`
 * says that nobody waits for the result any more, which then is not worth a second command (the NOSCRIPT error is
 * passed on instead).
 *
 * @example
 * const reply = await runScript(run, { text: HIT_SCRIPT, sha1: HIT_SCRIPT_SHA1 }, 'react-hottask:rate-limit:k', ['60000'])
 */
export async function runScript(run: ScriptRunner, script: RedisScript, key: string, args: string[], stillWanted = () => true): Promise<unknown> {
  try {
    return await run.evalSha(script.sha1, key, args)
  } catch (error) {
    if (!isNoScript(error) || !stillWanted()) throw error
    return await run.eval(script.text, key, args)
  }
}
