import { createServer, type Server } from 'node:http'

/** `GET /healthz` → 200 while `healthy()` holds, else 503: what docker-compose and orchestrators probe. */
export function serveHealth(port: number, healthy: () => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    const ok = req.url === '/healthz' && healthy()
    res.writeHead(ok ? 200 : req.url === '/healthz' ? 503 : 404, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n')
  })
  return new Promise((resolve) => server.listen(port, () => resolve(server)))
}
