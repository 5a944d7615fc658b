// Behind a proxy (self-hosted runners often are), the runner's http_proxy / https_proxy apply.

import { describe, expect, it } from 'vitest'
import { runStep } from '../support/action.js'
import { startProxy } from '../support/proxy.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

describe('behind a proxy', () => {
  it('the webhook call and the polls go through http_proxy', async () => {
    const proxy = await startProxy()
    try {
      const server = await serve(request =>
        request.method === 'GET' ? { status: 200, body: { status: 'done' } } : { status: 202 }
      )
      const run = await runStep(
        {
          url: `http://webhook.test:${server.port}/jobs`,
          'wait-for-completion': 'true',
          'status-json-path': '$.status',
          'success-statuses': 'done'
        },
        { env: { http_proxy: proxy.url } }
      )
      expect(run.code).toBe(0)
      expect(server.received.map(request => `${request.method} ${request.headers.host}`)).toEqual([
        `POST webhook.test:${server.port}`,
        `GET webhook.test:${server.port}`
      ])
      expect(proxy.tunnels.every(tunnel => tunnel === `webhook.test:${server.port}`)).toBe(true)
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
    } finally {
      await proxy.close()
    }
  })
})
