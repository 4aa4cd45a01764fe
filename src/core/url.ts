import { CHAT_SESSION_PATH } from './constants'
import { configError } from './errors'

/** True when `url` starts with a scheme (`https:`), false for a path such as `/api/hottask`. */
export const isAbsoluteUrl = (url: string) => /^[a-z][a-z\d+.-]*:/i.test(url)

/** True when `url` parses as an absolute URL (`URL.canParse` is too new for Node 18 and Safari 16). */
export function isValidUrl(url: string): boolean {
  try {
    return !!new URL(url)
  } catch {
    return false
  }
}

/**
 * The absolute URL of the "Create Chat Session" call under `baseUrl`. A relative `baseUrl` is resolved
 * against the page, so it works only where there is a `location`: elsewhere it is a `config` error.
 */
export function chatSessionUrl(baseUrl: string): string {
  const url = baseUrl.replace(/\/+$/, '') + CHAT_SESSION_PATH
  if (isAbsoluteUrl(url)) return url
  if (typeof location === 'undefined')
    throw configError(
      `baseUrl ${JSON.stringify(baseUrl)} is relative, and there is no page location to resolve it against ` +
        '(this code runs on a server). Use an absolute URL here; relative URLs are for the proxy mode in the browser.',
    )
  return new URL(url, location.href).href
}
