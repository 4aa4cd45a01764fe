// The baseline for the size figures: the raw call from HotTask's API docs, with nothing around it
// (no retry, no timeout, no error types, no React state).
export async function getSession(apiKey, serialNumber) {
  const res = await fetch('https://usapi.hottask.com/chat/Chatbot/GetSession', {
    method: 'POST',
    headers: { Authorization: apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ serialNumber }),
  })
  return res.json()
}
