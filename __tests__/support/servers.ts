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

/**
 * A job API: the webhook call answers `created`; each GET (a poll) answers the next of `polls`,
 * the last one repeated; a request to a path holding `/cancel` (a cancel call) answers 202.
 */
export function jobApi(created: Answer, polls: Array<Answer | Handler>): Handler {
  let poll = 0
  return (request, res, index) => {
    if (request.url.includes('/cancel')) return { status: 202 }
    if (request.method !== 'GET') return created
    const next = polls[Math.min(poll++, polls.length - 1)]
    return typeof next === 'function' ? next(request, res, index) : next
  }
}

/** Answers in turn, repeating the last one. */
export function inTurn(...answers: Answer[]): Handler {
  return (_request, _res, index) => answers[Math.min(index, answers.length - 1)]
}
