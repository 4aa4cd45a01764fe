// Loaded with `node --import` before a docs snippet that calls `listen(3000)` (Express, Node's http, Hono's
// `serve`): the server listens on 127.0.0.1 on a free port instead, and says which on stdout, as
// "listening <port>", for the runtime matrix to find it. The snippet's text stays as printed.
import { Server } from 'node:net'

const listen = Server.prototype.listen
Server.prototype.listen = function (...args) {
  const callback = args.find((arg) => typeof arg === 'function')
  this.once('listening', () => console.log(`listening ${this.address().port}`))
  return listen.call(this, { port: 0, host: '127.0.0.1' }, callback)
}
