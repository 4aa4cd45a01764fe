import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HttpHandler } from 'msw'
import { hotTaskHandlers } from '../../src/msw'
import { afterExactly, postMessage, postSession } from '../support/mock-calls'
import { server } from '../support/msw-server'

const openSession = () => postSession()
const sendMessage = () => postMessage()

afterEach(() => {
  vi.useRealTimers()
})

describe('delayMs', () => {
  it.each<[string, HttpHandler | HttpHandler[], () => Promise<Response>]>([
    ['success', hotTaskHandlers.success({ delayMs: 500 }), openSession],
    ['slow', hotTaskHandlers.slow({ delayMs: 500 }), openSession],
    ['businessError', hotTaskHandlers.businessError({ delayMs: 500 }), openSession],
    ['httpError', hotTaskHandlers.httpError({ delayMs: 500 }), openSession],
    ['failThenSucceed', hotTaskHandlers.failThenSucceed({ delayMs: 500 }), openSession],
    ['malformed', hotTaskHandlers.malformed({ delayMs: 500 }), openSession],
    ['messageReply', hotTaskHandlers.messageReply({ delayMs: 500 }), sendMessage],
    ['messageSlow', hotTaskHandlers.messageSlow({ delayMs: 500 }), sendMessage],
    ['messageBusinessError', hotTaskHandlers.messageBusinessError({ delayMs: 500 }), sendMessage],
    ['messageHttpError', hotTaskHandlers.messageHttpError({ delayMs: 500 }), sendMessage],
    ['messageFailThenSucceed', hotTaskHandlers.messageFailThenSucceed({ delayMs: 500 }), sendMessage],
    ['messageMalformed', hotTaskHandlers.messageMalformed({ delayMs: 500 }), sendMessage],
    ["chatbot's session", hotTaskHandlers.chatbot({ delayMs: 500 }), openSession],
    ["chatbot's message", hotTaskHandlers.chatbot({ delayMs: 500 }), sendMessage],
  ])('%s waits delayMs before it replies', async (_, handlers, call) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(...[handlers].flat())
    await expect(afterExactly(500, call())).resolves.toBeInstanceOf(Response)
  })

  it.each([
    ['networkError', hotTaskHandlers.networkError({ delayMs: 500 }), openSession],
    ['messageNetworkError', hotTaskHandlers.messageNetworkError({ delayMs: 500 }), sendMessage],
  ])('%s waits delayMs before the connection fails', async (_, handler, call) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(handler)
    await expect(afterExactly(500, call())).rejects.toThrow(TypeError)
  })
})
