// Types of checked-node-proxy.mjs, for test/bench/checked-node-proxy.test.ts.
import type { RequestListener, Server } from 'node:http'

/** A limit as the handler's `rateLimit` / `messageRateLimit` take it (memory store only). */
export interface CheckedLimit {
  limit: number
  windowMs: number
}

/** The options of createHotTaskHandler that the floor reproduces. */
export interface CheckedProxyOptions {
  apiKey: string
  allowedSerialNumbers: readonly string[]
  baseUrl: string
  rateLimit?: CheckedLimit
  messageRateLimit?: CheckedLimit
  timeoutMs?: number
  messageTimeoutMs?: number
}

export function checkedProxy(options: CheckedProxyOptions): RequestListener

export function createCheckedServer(options: CheckedProxyOptions & { bodyTimeoutMs?: number; checkIntervalMs?: number }): Server
