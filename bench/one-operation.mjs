// One operation of the handler's, done on its own per request by `minimal-node-proxy.mjs` when
// HOTTASK_BENCH_EXTRA names it: what that one operation costs inside a busy proxy (`bench/check-costs.mjs`).
import { createHmac, createSecretKey, randomBytes } from 'node:crypto'

const tokenKey = createSecretKey(randomBytes(32))
const envelope = JSON.stringify({ Data: { SessionID: 123456 }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
const SPIN_US = Number(process.env.HOTTASK_BENCH_SPIN_US ?? 10)

/** Each takes the request's parsed JSON body, and leaves its result where the JIT cannot drop the work. */
export const operations = {
  /** Sign a session token as the handler does on Node: `createHmac` over the claims, in base64url. */
  hmac: (json) => {
    const signed = `v1.123456.${Date.now()}.${Buffer.from(String(json.serialNumber)).toString('base64url')}`
    globalThis.benchSink = `${signed}.${createHmac('sha256', tokenKey).update(signed).digest('base64url')}`
  },
  /** Parse HotTask's success envelope, add the token to `Data` and write it out again, as the relay does. */
  json: () => {
    const parsed = JSON.parse(envelope)
    parsed.Data.SessionToken = 'v1.123456.1796771376462.MzI1NGE5ZDAtYmVuY2g.ANy0fe8T3fOHON6sJt9gWddqHZdOtGQZzKHHpcsPv5Y'
    globalThis.benchSink = JSON.stringify(parsed)
  },
  /** Busy CPU for HOTTASK_BENCH_SPIN_US µs (default 10), for scale: plain work of a known length. */
  spin: () => {
    const end = performance.now() + SPIN_US / 1000
    while (performance.now() < end);
  },
}

/** The operation called `name`; throws for a name that is none of them. */
export function operation(name) {
  if (!Object.hasOwn(operations, name)) throw new Error(`HOTTASK_BENCH_EXTRA=${name} is none of ${Object.keys(operations).join(', ')}`)
  return operations[name]
}
