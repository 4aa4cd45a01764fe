// `node serve-react-router.mjs <route module>`: the route's action and loader, answered by React Router's own
// request handling for a resource route (`createStaticHandler(…).queryRoute`), served through @hono/node-server on
// 127.0.0.1 and a free port, which it says on stdout as "listening <port>".
import { serve } from '@hono/node-server'
import { createStaticHandler } from 'react-router'

const { action, loader } = await import(process.argv[2])
const routes = createStaticHandler([{ id: 'routes/api.hottask.$', path: '/api/hottask/*', action, loader }])
serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => routes.queryRoute(request) }, ({ port }) => console.log(`listening ${port}`))
