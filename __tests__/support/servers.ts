// Servers a test file starts, closed after each test.

import { afterEach } from 'vitest'
import { startServer, type Answer, type Handler, type TestServer } from './server.js'

export function useServers(): (handler: Handler) => Promise<TestServer> {
  const servers: TestServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(server => server.close()))
  })
  return async handler => {
    const server = await startServer(handler)
    servers.push(server)
    return server
  }
}

/** Answers in turn, repeating the last one. */
export function inTurn(...answers: Answer[]): Handler {
  return (_request, _res, index) => answers[Math.min(index, answers.length - 1)]
}
