// The baseline of the Fetch handler on Node: the least a Fetch route can do to forward a session call with the
// global fetch (read the JSON body, one fetch upstream with the key, the reply back as a Response), with none of
// the handler's checks, served by the same minimal adapter as the handler (fetch-adapter.mjs).
import { serveFetchRoute } from './fetch-adapter.mjs'

const upstream = `${process.env.HOTTASK_UPSTREAM_URL}/chat/Chatbot/GetSession`

serveFetchRoute(async (request) => {
  try {
    const { serialNumber } = await request.json()
    const reply = await fetch(upstream, {
      method: 'POST',
      headers: { authorization: 'bench-secret-key', 'content-type': 'application/json' },
      body: JSON.stringify({ serialNumber }),
    })
    return new Response(await reply.arrayBuffer(), { status: reply.status, headers: { 'content-type': 'application/json' } })
  } catch {
    return new Response(null, { status: 502 })
  }
})
