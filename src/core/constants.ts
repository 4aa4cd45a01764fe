/** The HotTask API host used when `baseUrl` is not set. */
export const DEFAULT_BASE_URL = 'https://usapi.hottask.com'

/** Path of the "Create Chat Session" call, relative to `baseUrl`. */
export const CHAT_SESSION_PATH = '/chat/Chatbot/GetSession'

export const DEFAULT_TIMEOUT_MS = 15_000
export const DEFAULT_MAX_RETRIES = 2
export const MAX_SERIAL_NUMBER_LENGTH = 256

/** A `Retry-After` longer than this is not waited for: the error is returned instead. */
export const MAX_RETRY_AFTER_MS = 60_000
