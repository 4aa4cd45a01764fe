/** The HotTask API host used when `baseUrl` is not set. */
export const DEFAULT_BASE_URL = 'https://usapi.hottask.com'

/** Path of the "Create Chat Session" call, relative to `baseUrl`. */
export const CHAT_SESSION_PATH = '/chat/Chatbot/GetSession'

export const DEFAULT_TIMEOUT_MS = 15_000
export const DEFAULT_MAX_RETRIES = 2
export const MAX_SERIAL_NUMBER_LENGTH = 256

/** A `Retry-After` longer than this is not waited for: the error is returned instead. */
export const MAX_RETRY_AFTER_MS = 60_000

/** The most of a server's text (its `Message`) an error message quotes, in characters. */
export const MAX_SERVER_TEXT_LENGTH = 300

/** The largest reply body the client reads (64 KiB): the API's envelope is far smaller. */
export const MAX_REPLY_BYTES = 64 * 1024
