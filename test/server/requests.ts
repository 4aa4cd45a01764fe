/** A browser's "Create Chat Session" call to the handler, for `serialNumber`, at `url`. */
export const sessionRequest = (serialNumber: string, url = 'http://app.test/api/hottask/chat/Chatbot/GetSession') =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber }) })
