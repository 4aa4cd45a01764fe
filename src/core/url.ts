import { configError } from './errors'
import { trimTrailing } from './server-text'

/**
 * The absolute URL of the call at `path` (`CHAT_SESSION_PATH`, `CHAT_MESSAGE_PATH`) under `baseUrl`. A path such
 * as `/api/hottask` is resolved against the page, so it works only where there is a `location`: elsewhere it is
 * a `config` error.
 */
export function callUrl(baseUrl: string, path: string): string {
  const page = globalThis.location?.href
  try {
    return new URL(trimTrailing(String(baseUrl), /\//) + path, page).href
  } catch {
    throw configError(
      `baseUrl ${JSON.stringify(baseUrl)} is not a valid URL` +
        (page ? '.' : '. A relative baseUrl needs a page to resolve against: on a server, use an absolute URL.'),
    )
  }
}
