// The floor: the handler's checks, hand-written.
//
// A node:http proxy that does, for the two calls, every check toNodeHandler(createHotTaskHandler(…)) does, with the
// same outcomes (status, envelope, headers, token bytes), written the cheapest straightforward way: straight-line
// callbacks, no Fetch objects, no promises, nothing shared with dist/. Beside the minimal proxy (which checks
// nothing) it shows what the checks themselves cost; beside toNodeHandler, what the handler's structure costs on top.
// test/bench/checked-node-proxy.test.ts sends both the same requests and compares their answers.
//
// Run as a script (bench/proxy.mjs, bench/profile-proxy.mjs fork it) it is configured as bench/proxy-server.mjs
// configures the handler: key 'bench-secret-key', allow-list [HOTTASK_SERIAL], no session rate limit (the handler
// has none when `rateLimit` is left out), messageRateLimit { limit: MAX_SAFE_INTEGER, windowMs: 60_000 } in memory;
// it sends `{ url }` (its mount point) to the parent once it listens and exits when the IPC channel closes.
//
// A token is verified once and kept (the last 4,096), as the handler keeps it: a later message's signature is
// compared with the verified one's in constant time. Not done as the handler does it, to stay straightforward: the
// body deadline is Node's requestTimeout (see createCheckedServer); the upstream deadline is a timer per call (the
// handler shares one timer among deadlines of the same length).
//
// Left as the handler's defaults, not options: maxMessageLength 4,000, sessionTtlMs 24 h, Version '1.0.0'. Not
// reproduced, because the bench's handler does not use them: `authorize`, an allow-list function, `clientKey`,
// `sessionSecret`, a custom or Redis store, HOTTASK_API_KEY read per request, the `fetch` option, `onError`.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto'
import { Agent, createServer, request } from 'node:http'
import { pathToFileURL } from 'node:url'

const SESSION_PATH = '/chat/Chatbot/GetSession'
const MESSAGE_PATH = '/chat/Chat/ClientAsk'
const VERSION = '1.0.0'
const SESSION_BODY_LIMIT = 4 * 1024
const MESSAGE_BODY_LIMIT = 64 * 1024
const REPLY_LIMIT = 64 * 1024
const MAX_SERIAL_NUMBER_LENGTH = 256
const MAX_MESSAGE_LENGTH = 4_000
const SESSION_TTL_MS = 86_400_000
const MAX_TOKEN_LENGTH = 1_200
const MAX_VERIFIED_TOKENS = 4_096
const MAX_ENVELOPE_DEPTH = 64
const MAX_CLIENTS = 100_000
const SWEEP_PER_HIT = 128

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
const JSON_MEDIA_TYPE = /^\s*application\/json\s*(?:;|$)/i
// A path the URL parser leaves as it is (no dot segment, percent-escape or backslash, not `//…`); others are parsed.
const PLAIN_PATH = /^\/(?!\/)[\w\-~!$&'()*+,;=:@/]*$/
const QUERY_START = /[?#]/
// eslint-disable-next-line no-control-regex
const SERIAL_CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex
const CONTENT_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
const TOKEN_DIGITS = /^[1-9]\d{0,15}$/
const BASE64URL = /^[\w-]+$/
const SIGNATURE = /^[\w-]{42}[AEIMQUYcgkosw048]$/
const MAPPED_IPV4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/

// Both strip a leading BOM, as the handler's decoders do; the request's is fatal (not UTF-8 is a 400).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const utf8 = new TextDecoder()

const NOT_FOUND = `Not found: only POST …${SESSION_PATH} and POST …${MESSAGE_PATH} are served here.`
const NOT_JSON = 'The request body is not valid JSON.'
const MALFORMED_TOKEN = 'The sessionToken is malformed.'
const NOT_FORWARDED = 'Media and streaming are not forwarded'
const SESSION_TOO_LARGE = `The request body is larger than ${SESSION_BODY_LIMIT} bytes.`
const MESSAGE_TOO_LARGE = `The request body is larger than ${MESSAGE_BODY_LIMIT} bytes.`

const isSessionId = (value) => Number.isSafeInteger(value) && value >= 1

/** Answers with the handler's refusal envelope. */
function refuse(res, status, message, headers) {
  send(res, status, JSON.stringify({ Data: null, Version: VERSION, Success: false, Code: status, Message: message }), headers)
}

/** Writes `json` with `status`, the handler's headers and any `headers` of its own. */
function send(res, status, json, headers) {
  res.writeHead(status, { ...headers, ...JSON_HEADERS, 'content-length': Buffer.byteLength(json) })
  res.end(json)
}

/** The request's path, without its query, as the URL parser normalises it. */
function pathOf(url) {
  const end = url.search(QUERY_START)
  const path = end < 0 ? url : url.slice(0, end)
  if (PLAIN_PATH.test(path)) return path
  try {
    return new URL(url, 'http://localhost').pathname
  } catch {
    return ''
  }
}

function serialNumberProblem(value) {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`
  if (!value.trim()) return 'it is empty'
  if (value.length > MAX_SERIAL_NUMBER_LENGTH) return `it is longer than ${MAX_SERIAL_NUMBER_LENGTH} characters`
  if (SERIAL_CONTROL_CHARACTERS.test(value)) return 'it contains control characters'
}

function contentProblem(value) {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`
  if (value.length > MAX_MESSAGE_LENGTH) return `it is longer than ${MAX_MESSAGE_LENGTH} characters`
  if (!value.trim()) return 'it is blank'
  if (CONTENT_CONTROL_CHARACTERS.test(value)) return 'it contains control characters other than tab and line breaks'
}

/** A body's value as a refusal names it. */
function shown(value) {
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (value === undefined) return 'nothing'
  return Array.isArray(value) ? 'an array' : 'an object'
}

/** What the session limit counts for a socket's address: IPv4 as it is, IPv6 by its /64; `undefined` without one. */
function clientKeyOf(address) {
  if (typeof address !== 'string' || address === '') return undefined
  if (!address.includes(':')) return address
  const lower = address.toLowerCase()
  const mapped = MAPPED_IPV4.exec(lower)
  if (mapped) return mapped[1]
  // As the URL parser writes it (its zone cut off), when it is IPv6.
  const withoutZone = lower.split('%')[0]
  let canonical
  try {
    if (/^[\da-f:.]+$/.test(withoutZone)) canonical = new URL(`http://[${withoutZone}]/`).hostname.slice(1, -1)
  } catch {
    // Not IPv6: counted as it is.
  }
  if (canonical === undefined) return lower
  const [head, tail] = canonical.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const groups = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
  if (groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff')
    return groups.slice(6).flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 255]).join('.')
  return `${groups.slice(0, 4).join(':')}::/64`
}

/**
 * A fixed-window counter in memory, bounded as the handler's store is: at most MAX_CLIENTS windows; each hit drops a
 * few expired ones; when full, the oldest window still under the limit is forgotten, and if every window is at its
 * limit the new key is refused (count Infinity) until the oldest ends. Two Maps in start order stand in for the
 * store's linked lists. Returns the key's window after the hit: `{ count, resetAt }`.
 */
function fixedWindows(limit, windowMs) {
  const windows = new Map()
  const underLimit = new Map()
  return (key) => {
    const now = Date.now()
    let budget = SWEEP_PER_HIT
    for (const window of windows.values()) {
      if (window.resetAt > now || budget-- === 0) break
      windows.delete(window.key)
      underLimit.delete(window.key)
    }
    let window = windows.get(key)
    if (window !== undefined && window.resetAt <= now) {
      windows.delete(key)
      underLimit.delete(key)
      window = undefined
    }
    if (window === undefined) {
      if (windows.size >= MAX_CLIENTS) {
        const oldest = underLimit.keys().next()
        if (oldest.done) return { count: Infinity, resetAt: windows.values().next().value.resetAt }
        windows.delete(oldest.value)
        underLimit.delete(oldest.value)
      }
      window = { key, count: 0, resetAt: now + windowMs }
      windows.set(key, window)
      underLimit.set(key, window)
    }
    if (++window.count === limit) underLimit.delete(key)
    return window
  }
}

function tooMany(res, { limit, windowMs }, what, resetAt) {
  const waitMs = Math.max(1, Math.ceil(resetAt - Date.now()))
  const seconds = Math.ceil(waitMs / 1000)
  const message = `Too many ${what}: the limit is ${limit} per ${windowMs / 1000} s. Try again in ${seconds} s.`
  refuse(res, 429, message, { 'retry-after': String(seconds), 'retry-after-ms': String(waitMs) })
}

// Whether a parsed value has arrays or objects more than MAX_ENVELOPE_DEPTH levels deep.
function nestedTooDeeply(value, depth = 0) {
  if (typeof value !== 'object' || value === null) return false
  if (depth >= MAX_ENVELOPE_DEPTH) return true
  for (const key in value) if (nestedTooDeeply(value[key], depth + 1)) return true
  return false
}

// A copy of a parsed value with `secret` replaced in every string and key.
function scrubbed(value, secret) {
  if (typeof value === 'string') return value.replaceAll(secret, '[redacted]')
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, secret))
  const copy = Object.create(null)
  for (const key of Object.keys(value)) copy[key.replaceAll(secret, '[redacted]')] = scrubbed(value[key], secret)
  return copy
}

/** The JSON to relay for `value` (parsed from `text`, if given) without `secret`; `undefined` when nested too deeply. */
function relayableJson(value, secret, text = JSON.stringify(value)) {
  if (nestedTooDeeply(value)) return undefined
  // Without the key and without a backslash (so no string in it is escaped), the text cannot hold the key.
  if (!text.includes(secret) && !text.includes('\\')) return text
  return JSON.stringify(scrubbed(value, secret))
}

/**
 * A request listener doing the handler's checks; `options` as createHotTaskHandler's (only those listed), with
 * `rateLimit` and `messageRateLimit` each `{ limit, windowMs }` or absent (off).
 */
export function checkedProxy({ apiKey, allowedSerialNumbers, baseUrl, rateLimit, messageRateLimit, timeoutMs = 15_000, messageTimeoutMs = 60_000 }) {
  const key = apiKey.trim()
  const allowed = new Set(allowedSerialNumbers)
  const base = new URL(baseUrl.replace(/\/+$/, ''))
  const hostname = base.hostname.replace(/^\[(.*)\]$/, '$1')
  const prefix = base.pathname.replace(/\/$/, '')
  const agent = new Agent({ keepAlive: true, timeout: 4000 })
  // The token key, derived from the API key: HMAC-SHA256(API key, label), as the handler derives it.
  const tokenKey = createSecretKey(createHmac('sha256', key).update('react-hottask session token v1').digest())
  const sessionHit = rateLimit && fixedWindows(rateLimit.limit, rateLimit.windowMs)
  const messageHit = messageRateLimit && fixedWindows(messageRateLimit.limit, messageRateLimit.windowMs)

  /** The answer to HotTask's reply: `bytes` its body, `undefined` when over REPLY_LIMIT; `serialNumber` for a session. */
  function relay(res, reply, bytes, serialNumber) {
    const status = reply.statusCode
    const text = bytes === undefined ? undefined : utf8.decode(bytes)
    let envelope
    try {
      envelope = text === undefined ? undefined : JSON.parse(text)
    } catch {
      // Not JSON: no envelope.
    }
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.Success !== 'boolean') envelope = undefined
    const ok = status >= 200 && status <= 299 && status !== 204 && status !== 205
    const isError = status >= 400 && status <= 599
    let json
    if (envelope !== undefined && (ok || isError)) {
      const sessionId = envelope.Data?.SessionID
      if (ok && serialNumber !== undefined && envelope.Success === true && envelope.Code === 200 && isSessionId(sessionId)) {
        const signed = `v1.${sessionId}.${Date.now() + SESSION_TTL_MS}.${Buffer.from(serialNumber).toString('base64url')}`
        envelope.Data.SessionToken = `${signed}.${createHmac('sha256', tokenKey).update(signed).digest('base64url')}`
        json = relayableJson(envelope, key)
      } else json = relayableJson(envelope, key, text)
    } else if (isError) {
      const message = `HotTask replied with HTTP ${status}${reply.statusMessage ? ` ${reply.statusMessage}` : ''}.`
      json = relayableJson({ Data: null, Version: VERSION, Success: false, Code: status, Message: message }, key)
    } else {
      return refuse(res, 502, `HotTask answered with ${ok ? "a reply that is not the API's envelope" : `an unexpected HTTP ${status}`}.`)
    }
    if (json === undefined) return refuse(res, 502, 'HotTask replied with an envelope nested too deeply to relay.')
    let headers
    if (status === 429 || status === 503) {
      headers = {}
      for (const name of ['retry-after', 'retry-after-ms']) {
        const value = reply.headers[name]
        if (value !== undefined && !value.includes(key)) headers[name] = value
      }
    }
    send(res, status, json, headers)
  }

  /** The one attempt at HotTask: `body` POSTed to `path`, cancelled after `ms` (504) or when the visitor goes. */
  function forward(res, visit, path, body, ms, serialNumber) {
    let settled = false
    let reached = false
    const call = request({
      agent,
      hostname,
      port: base.port,
      path: prefix + path,
      method: 'POST',
      headers: { authorization: key, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    })
    visit.upstream = call
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      call.destroy()
      refuse(res, 504, `HotTask did not reply within ${ms} ms.`)
    }, ms)
    const fail = (reached) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!visit.gone) refuse(res, 502, reached ? "HotTask's reply could not be read or relayed." : 'Could not reach HotTask.')
    }
    const answer = (reply, bytes) => {
      settled = true
      clearTimeout(timer)
      try {
        relay(res, reply, bytes, serialNumber)
      } catch {
        refuse(res, 500, 'The HotTask handler failed unexpectedly.')
      }
    }
    // A socket's error comes here even after the reply has begun.
    call.on('error', () => fail(reached))
    call.on('response', (reply) => {
      reached = true
      reply.on('error', () => fail(true))
      // A guard: Node emits 'error' on a reply that breaks off before 'close'; after 'end' this changes nothing.
      reply.on('close', () => fail(true))
      if (Number(reply.headers['content-length']) > REPLY_LIMIT) {
        reply.destroy()
        return answer(reply, undefined)
      }
      const parts = []
      let size = 0
      reply.on('data', (part) => {
        if (settled) return
        parts.push(part)
        if ((size += part.length) <= REPLY_LIMIT) return
        reply.destroy()
        answer(reply, undefined)
      })
      reply.on('end', () => settled || answer(reply, parts.length === 1 ? parts[0] : Buffer.concat(parts, size)))
    })
    call.end(body)
  }

  function answerSession(req, res, visit, body) {
    const serialNumber = body.serialNumber
    const problem = serialNumberProblem(serialNumber)
    if (problem !== undefined) return refuse(res, 400, `Invalid serial number: ${problem}.`)
    if (!allowed.has(serialNumber)) return refuse(res, 403, 'This chatbot is not served here.')
    if (visit.gone) return
    if (sessionHit) {
      const client = clientKeyOf(req.socket.remoteAddress)
      if (client === undefined) return refuse(res, 500, 'The server cannot identify the client, so it cannot apply its rate limit.')
      const hit = sessionHit(client)
      if (hit.count > rateLimit.limit) return tooMany(res, rateLimit, 'chat sessions from this client', hit.resetAt)
    }
    forward(res, visit, SESSION_PATH, JSON.stringify({ serialNumber }), timeoutMs, serialNumber)
  }

  // Tokens verified before, as the handler keeps them (the last 4,096): the signed part → its facts and the bytes of
  // its signature's text, which a later message's signature is compared with in constant time.
  const verified = new Map()

  /** Why a token with these facts does not let a message into session `sessionId`, or its serial number. */
  function claimsOf(id, expiry, serialNumber, sessionId) {
    if (id !== String(sessionId)) return 'The sessionToken is for another chat session.'
    if (expiry <= Date.now()) return 'The sessionToken has expired: start a new chat session.'
    return { serialNumber }
  }

  /** Why `token` does not let a message into session `sessionId`, or its serial number (as `{ serialNumber }`). */
  function checkToken(token, sessionId) {
    if (typeof token !== 'string') return 'The message needs the sessionToken string that came with its chat session.'
    const dot = token.length > MAX_TOKEN_LENGTH ? -1 : token.lastIndexOf('.')
    if (dot <= 0) return MALFORMED_TOKEN
    const signed = token.slice(0, dot)
    const signature = token.slice(dot + 1)
    const known = verified.get(signed)
    const text = Buffer.from(signature)
    if (known && known.signature.length === text.length && timingSafeEqual(known.signature, text)) return claimsOf(known.id, known.expiry, known.serialNumber, sessionId)
    if (!SIGNATURE.test(signature)) return MALFORMED_TOKEN
    const parts = signed.split('.')
    const [version, id, expiry, serial] = parts
    // A serial of 4n+1 characters is no base64: Buffer would drop the last one where atob throws.
    if (parts.length !== 4 || version !== 'v1' || !TOKEN_DIGITS.test(id) || !TOKEN_DIGITS.test(expiry) || !BASE64URL.test(serial) || serial.length % 4 === 1)
      return MALFORMED_TOKEN
    let serialNumber
    try {
      serialNumber = strictUtf8.decode(Buffer.from(serial, 'base64url'))
    } catch {
      return MALFORMED_TOKEN
    }
    const claims = claimsOf(id, Number(expiry), serialNumber, sessionId)
    if (typeof claims === 'string') return claims
    const expected = createHmac('sha256', tokenKey).update(signed).digest()
    if (!timingSafeEqual(expected, Buffer.from(signature, 'base64url'))) return 'The sessionToken was not issued here.'
    verified.set(signed, { id, expiry: Number(expiry), serialNumber, signature: text })
    if (verified.size > MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value)
    return claims
  }

  function answerMessage(res, visit, body) {
    const sessionId = body.sessionID
    if (!isSessionId(sessionId)) return refuse(res, 400, `Invalid sessionID: expected a positive whole number, got ${shown(sessionId)}.`)
    const content = body.content
    const problem = contentProblem(content)
    if (problem !== undefined) return refuse(res, 400, `Invalid message: ${problem}.`)
    const { chatAskType, stream, fileIds } = body
    if (chatAskType !== undefined && chatAskType !== null && chatAskType !== 'Text')
      return refuse(res, 400, `${NOT_FORWARDED}: chatAskType must be "Text" or left out, got ${shown(chatAskType)}.`)
    if (stream !== undefined && stream !== false) return refuse(res, 400, `${NOT_FORWARDED}: stream must be false or left out, got ${shown(stream)}.`)
    if (fileIds !== undefined && fileIds !== null && !(Array.isArray(fileIds) && fileIds.length === 0))
      return refuse(res, 400, `${NOT_FORWARDED}: fileIds must be empty or left out.`)
    const token = checkToken(body.sessionToken, sessionId)
    if (typeof token === 'string') return refuse(res, 403, token)
    if (!allowed.has(token.serialNumber)) return refuse(res, 403, 'This chatbot is not served here.')
    if (visit.gone) return
    if (messageHit) {
      const hit = messageHit(sessionId)
      if (hit.count > messageRateLimit.limit) return tooMany(res, messageRateLimit, 'messages in this chat session', hit.resetAt)
    }
    forward(res, visit, MESSAGE_PATH, JSON.stringify({ sessionID: sessionId, content, stream: false }), messageTimeoutMs)
  }

  return (req, res) => {
    const path = pathOf(req.url)
    const isSession = path.endsWith(SESSION_PATH)
    if (!isSession && !path.endsWith(MESSAGE_PATH)) return refuse(res, 404, NOT_FOUND)
    if (req.method !== 'POST') return refuse(res, 405, `Method ${req.method} is not allowed: use POST.`, { allow: 'POST' })
    if (!JSON_MEDIA_TYPE.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Content-Type must be application/json.')
    const limit = isSession ? SESSION_BODY_LIMIT : MESSAGE_BODY_LIMIT
    const tooLarge = isSession ? SESSION_TOO_LARGE : MESSAGE_TOO_LARGE
    if (Number(req.headers['content-length']) > limit) {
      req.resume()
      return refuse(res, 413, tooLarge)
    }
    // The visitor is gone when the connection closes before the answer is written: the upstream call is cancelled.
    const visit = { gone: false, upstream: undefined }
    res.on('close', () => {
      if (res.writableFinished) return
      visit.gone = true
      visit.upstream?.destroy()
    })
    // The body deadline (408) is the server's requestTimeout: see createCheckedServer.
    const chunks = []
    let size = 0
    let refused = false
    req.on('data', (chunk) => {
      if (refused) return
      chunks.push(chunk)
      if ((size += chunk.length) <= limit) return
      refused = true
      refuse(res, 413, tooLarge)
    })
    req.on('end', () => {
      if (refused) return
      let body
      try {
        body = JSON.parse(strictUtf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)))
      } catch {
        return refuse(res, 400, NOT_JSON)
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        const example = isSession ? '{"serialNumber": "…"}' : '{"sessionID": 123, "content": "…", "sessionToken": "…"}'
        return refuse(res, 400, `The request body must be a JSON object: ${example}.`)
      }
      try {
        if (isSession) answerSession(req, res, visit, body)
        else answerMessage(res, visit, body)
      } catch {
        refuse(res, 500, 'The HotTask handler failed unexpectedly.')
      }
    })
  }
}

/**
 * A node:http server around {@link checkedProxy}, with the body deadline (408, default 10 s) as Node's own
 * `requestTimeout`, checked every `checkIntervalMs`: Node answers a request whose body has not arrived in time with
 * its own bare 408 (no envelope) and closes the connection. The deadline counts from the request's start (its
 * headers), the handler's from the start of the body.
 */
export function createCheckedServer({ bodyTimeoutMs = 10_000, checkIntervalMs = 1000, ...options }) {
  // Node makes headersTimeout min(60 s, requestTimeout) by itself.
  const server = createServer({ requestTimeout: bodyTimeoutMs, connectionsCheckingInterval: checkIntervalMs }, checkedProxy(options))
  server.keepAliveTimeout = 60_000
  return server
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = createCheckedServer({
    apiKey: 'bench-secret-key',
    allowedSerialNumbers: [process.env.HOTTASK_SERIAL],
    baseUrl: process.env.HOTTASK_UPSTREAM_URL,
    messageRateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
  })
  server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/api/hottask` }))
  process.on('disconnect', () => server.close(() => process.exit(0)))
}
