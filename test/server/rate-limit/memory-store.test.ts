import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../../src/server/rate-limit/memory-store'

const WINDOW = 60_000

/** A store on a clock the test moves by hand. */
function setup(options: { limit?: number; maxClients?: number } = {}) {
  let time = 1_000_000
  const store = createMemoryStore({ limit: options.limit ?? 3, maxClients: options.maxClients, now: () => time })
  return {
    store,
    hit: (key: string) => store.hit(key, WINDOW) as { count: number; resetAt: number },
    advance: (ms: number) => (time += ms),
    start: time,
  }
}

describe('memory store: fixed windows', () => {
  it('counts hits per key; the window starts at the first hit and ends windowMs later', () => {
    const { hit, advance, start } = setup()
    expect(hit('a')).toEqual({ count: 1, resetAt: start + WINDOW })
    advance(10_000)
    expect(hit('a')).toEqual({ count: 2, resetAt: start + WINDOW })
    expect(hit('b')).toEqual({ count: 1, resetAt: start + 10_000 + WINDOW })
    expect(hit('a')).toEqual({ count: 3, resetAt: start + WINDOW })
    expect(hit('a')).toEqual({ count: 4, resetAt: start + WINDOW })
  })

  it('starts a new window at the first hit after the last one ended, for blocked and unblocked keys', () => {
    const { hit, advance, start } = setup({ limit: 2 })
    hit('blocked')
    hit('blocked')
    hit('blocked')
    hit('counting')
    advance(WINDOW - 1)
    expect(hit('blocked').count).toBe(4)
    expect(hit('counting').count).toBe(2)
    advance(1)
    expect(hit('blocked')).toEqual({ count: 1, resetAt: start + 2 * WINDOW })
    expect(hit('counting')).toEqual({ count: 1, resetAt: start + 2 * WINDOW })
  })

  it('sweeps expired windows as hits arrive, so memory goes down after a burst', () => {
    const { store, hit, advance } = setup({ limit: 2 })
    for (let i = 0; i < 50; i++) hit(`counting-${i}`)
    for (let i = 0; i < 100; i++) hit(`blocked-${i % 50}`)
    expect(store.size).toBe(100)
    advance(WINDOW)
    hit('newcomer')
    expect(store.size).toBe(1)
  })
})

describe('memory store: bounded, and no fresh limit for a flooder', () => {
  it('never tracks more than maxClients', () => {
    const { store, hit } = setup({ maxClients: 100 })
    for (let i = 0; i < 10_000; i++) hit(`client-${i}`)
    expect(store.size).toBe(100)
  })

  it('forgets the client under the limit whose window started first, when full', () => {
    const { hit } = setup({ limit: 3, maxClients: 2 })
    hit('first')
    hit('first')
    hit('second')
    hit('third') // pushes out 'first', the oldest under the limit
    expect(hit('second').count).toBe(2)
    expect(hit('first').count).toBe(1) // forgotten: it had used 2 of 3, and gets them back
  })

  it('forgets in the order windows started, passing over clients that reached the limit meanwhile', () => {
    const { hit } = setup({ limit: 2, maxClients: 3 })
    hit('a')
    hit('b')
    hit('c')
    hit('b') // b reaches the limit: out of the counting order, never forgotten early
    hit('d') // forgets a
    hit('e') // forgets c
    expect(hit('b').count).toBe(3)
    expect(hit('d').count).toBe(2)
    expect(hit('a').count).toBe(1) // forgotten, so a new window; e is forgotten for it
    expect(hit('c').count).toBe(1)
  })

  it('does not forget a blocked client, however many new clients arrive before its window ends', () => {
    const { hit, advance, start } = setup({ limit: 2, maxClients: 10 })
    hit('flooder')
    hit('flooder')
    for (let i = 0; i < 1_000; i++) hit(`other-${i}`)
    advance(WINDOW - 1)
    expect(hit('flooder')).toEqual({ count: 3, resetAt: start + WINDOW })
  })

  it('refuses a new client while every tracked one is blocked, until the first blocked window ends', () => {
    const { store, hit, advance, start } = setup({ limit: 1, maxClients: 2 })
    hit('a')
    advance(5)
    hit('b')
    const refused = hit('c')
    expect(refused.count).toBe(Number.POSITIVE_INFINITY)
    expect(refused.resetAt).toBe(start + WINDOW)
    expect(store.size).toBe(2)
    advance(WINDOW - 5)
    expect(hit('c')).toEqual({ count: 1, resetAt: start + 2 * WINDOW })
    expect(hit('b').count).toBe(2) // still blocked: its window ends 5 ms later
  })
})

describe('memory store: windows end in the order they started, whatever order clients reached their limit', () => {
  it('frees the slot of a window that has ended even when a later window reached its limit first', () => {
    const { hit, advance, start } = setup({ limit: 2, maxClients: 2 })
    hit('a') // a's window starts first…
    advance(10)
    hit('b')
    hit('b') // …but b reaches its limit first
    hit('a')
    advance(WINDOW - 5) // a's window has ended, b's has not
    expect(hit('c')).toEqual({ count: 1, resetAt: start + 10 + WINDOW - 5 + WINDOW })
    expect(hit('b').count).toBe(3) // b is still blocked: no fresh limit
  })

  it('a full table of blocked clients refuses a newcomer until the window that ends first', () => {
    const { hit, advance, start } = setup({ limit: 1, maxClients: 2 })
    hit('a')
    advance(10)
    hit('b')
    expect(hit('c')).toEqual({ count: Number.POSITIVE_INFINITY, resetAt: start + WINDOW })
  })
})

describe('memory store: the work of one hit is bounded, and the lists stay right as windows come and go', () => {
  it('drops at most 128 ended windows per hit, from the oldest, and the rest on the hits after', () => {
    const { store, hit, advance } = setup({ limit: 5 })
    for (let i = 0; i < 300; i++) hit(`old-${i}`)
    advance(WINDOW)
    hit('new-1')
    expect(store.size).toBe(300 - 128 + 1)
    hit('new-2')
    expect(store.size).toBe(300 - 256 + 2)
    hit('new-3')
    expect(store.size).toBe(3)
  })

  it('gives a client whose window has ended a new one, even while older ended windows still wait to be dropped', () => {
    const { hit, advance, start } = setup({ limit: 5 })
    for (let i = 0; i < 300; i++) hit(`old-${i}`)
    hit('late')
    hit('late')
    advance(WINDOW)
    expect(hit('late')).toEqual({ count: 1, resetAt: start + 2 * WINDOW })
  })

  it('after dropping an ended window of a blocked client, still forgets the oldest client under the limit first', () => {
    const { hit, advance } = setup({ limit: 2, maxClients: 2 })
    hit('blocked')
    hit('blocked')
    advance(10)
    hit('counting')
    advance(WINDOW - 10) // blocked's window has ended, counting's has not
    hit('newcomer') // drops blocked's window
    hit('another') // full: forgets counting, the oldest under the limit, not newcomer
    expect(hit('newcomer').count).toBe(2)
    expect(hit('counting').count).toBe(1)
  })

  it('a blocked client that keeps coming back stays blocked, and clients under the limit are forgotten in order', () => {
    const { hit } = setup({ limit: 2, maxClients: 3 })
    hit('a')
    hit('b')
    hit('b')
    hit('b') // past its limit, more than once
    hit('b')
    hit('c')
    hit('d') // forgets a
    hit('e') // forgets c
    expect(hit('b').count).toBe(5)
    expect(hit('d').count).toBe(2)
    expect(hit('c').count).toBe(1) // forgotten: a new window; e is forgotten for it
    expect(hit('e').count).toBe(1)
  })

  it('forgets, when full, the oldest client under the limit also when it is the newest one left', () => {
    const { hit } = setup({ limit: 2, maxClients: 2 })
    hit('a')
    hit('a') // a is blocked: b is the only client under the limit
    hit('b')
    expect(hit('c').count).toBe(1) // forgets b
    expect(hit('b').count).toBe(1) // forgets c
    expect(hit('c').count).toBe(1) // forgets b
    expect(hit('a').count).toBe(3)
  })
})
