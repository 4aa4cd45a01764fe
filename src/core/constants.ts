/**
 * The HotTask API host used when `baseUrl` is not set.
 *
 * @example
 * const client = createHotTaskClient({ baseUrl: process.env.HOTTASK_BASE_URL ?? DEFAULT_BASE_URL, apiKey })
 */
export const DEFAULT_BASE_URL = 'https://usapi.hottask.com'

/**
 * Path of the "Create Chat Session" call, relative to `baseUrl`.
 *
 * @example
 * const url = `${DEFAULT_BASE_URL}${CHAT_SESSION_PATH}` // 'https://usapi.hottask.com/chat/Chatbot/GetSession'
 */
export const CHAT_SESSION_PATH = '/chat/Chatbot/GetSession'

/**
 * Path of the "Message a Chatbot" call, relative to `baseUrl`.
 *
 * @example
 * server.use(http.post(`*${CHAT_MESSAGE_PATH}`, () => HttpResponse.error())) // an msw handler of your own for it
 */
export const CHAT_MESSAGE_PATH = '/chat/Chat/ClientAsk'

export const DEFAULT_TIMEOUT_MS = 15_000
/** An AI reply takes longer than a session: the default of `messageTimeoutMs`. */
export const DEFAULT_MESSAGE_TIMEOUT_MS = 60_000
export const DEFAULT_MAX_RETRIES = 2
export const MAX_SERIAL_NUMBER_LENGTH = 256

/**
 * The longest message `sendMessage` sends, in characters (UTF-16 code units, as `string.length` counts them).
 *
 * @example
 * if (text.length > MAX_MESSAGE_LENGTH) showError('That message is too long.')
 */
export const MAX_MESSAGE_LENGTH = 16_384

/** A `Retry-After` longer than this is not waited for: the error is returned instead. */
export const MAX_RETRY_AFTER_MS = 60_000

/** The most of a server's text (its `Message`) an error message quotes, in characters. */
export const MAX_SERVER_TEXT_LENGTH = 300

/** The largest reply body the client reads (64 KiB): the API's envelope is far smaller. */
export const MAX_REPLY_BYTES = 64 * 1024
