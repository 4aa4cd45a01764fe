import { expect } from 'vitest'

export const API_KEY = 'sk-server-secret-0123456789abcdef'

/** Asserts the key is in neither the body nor any header of `response`; returns the body text. */
export async function expectKeyAbsent(response: Response, key = API_KEY): Promise<string> {
  const text = await response.clone().text()
  expect(text).not.toContain(key)
  response.headers.forEach((value, name) => {
    expect(value).not.toContain(key)
    expect(name).not.toContain(key)
  })
  return text
}

/** The handler's answer as status, headers and parsed envelope, after checking that the key is absent. */
export async function read(response: Response) {
  const text = await expectKeyAbsent(response)
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}
