import autocannon from 'autocannon'
import { fork } from 'node:child_process'
const start = (script, env, args = []) => new Promise((res) => { const c = fork(script, [], { env: { ...process.env, ...env }, execArgv: args, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }); c.once('message', ({ url }) => res({ url, c })) })
const up = await start('./bench/fake-upstream.mjs', {})
const px = await start('./bench/proxy-server.mjs', { HOTTASK_UPSTREAM_URL: up.url, HOTTASK_SERIAL: 's-1' }, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'])
const r = await fetch(px.url + '/chat/Chatbot/GetSession', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: 's-1' }) })
const { Data } = await r.json()
const body = JSON.stringify({ sessionID: Data.SessionID, content: 'Hello! What are your opening hours?', stream: false, sessionToken: Data.SessionToken })
const out = await autocannon({ url: px.url + '/chat/Chat/ClientAsk', connections: 50, duration: 8, method: 'POST', headers: { 'content-type': 'application/json' }, body })
console.log(out.requests.average, out.non2xx)
px.c.disconnect(); up.c.disconnect()
