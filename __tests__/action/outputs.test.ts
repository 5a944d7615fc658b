// Outputs a later step can read, and the limit past which it could not.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runStep, warningLines } from '../support/action.js'
import { useServers } from '../support/servers.js'

const serve = useServers()

describe('outputs', () => {
  it('over 65,536 bytes are left empty with a warning that points to the files, which hold them whole', async () => {
    const big = { log: 'é'.repeat(40_000) }
    const server = await serve(() => ({ status: 200, body: big }))
    const run = await runStep({ url: server.url, outputs: 'log: $.log' })
    expect(run.code).toBe(0)
    expect(run.outputs.response).toBe('')
    expect(run.outputs['build-info']).toBe('')
    expect(run.outputs.log).toBe('')
    const warnings = warningLines(run)
    expect(warnings).toHaveLength(3)
    expect(warnings[0]).toContain(`Output 'response' is ${Buffer.byteLength(JSON.stringify(big))} bytes`)
    expect(warnings[0]).toContain(run.outputs['response-file'])
    expect(warnings[1]).toContain(run.outputs['build-info-file'])
    expect(JSON.parse(readFileSync(run.outputs['build-info-file'], 'utf8'))).toEqual(big)
    expect(JSON.parse(readFileSync(run.outputs['response-file'], 'utf8'))).toEqual(big)
  })

  it('from `outputs`: strings as they are, other values as JSON, several matches as a list', async () => {
    const body = {
      id: 7,
      name: 'api',
      ready: true,
      image: { tag: 'v1' },
      pods: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]
    }
    const server = await serve(() => ({ status: 200, body }))
    const run = await runStep({
      url: server.url,
      outputs: [
        'id: $.id',
        'name: $.name',
        'ready: $.ready',
        'image: $.image',
        'ips: $.pods[*].ip',
        'first-ip: $.pods[0].ip'
      ].join('\n')
    })
    expect(run.outputs).toMatchObject({
      id: '7',
      name: 'api',
      ready: 'true',
      image: '{"tag":"v1"}',
      ips: '["10.0.0.1","10.0.0.2"]',
      'first-ip': '10.0.0.1'
    })
    expect(warningLines(run)).toEqual([])
  })

  it('from `outputs` that find nothing are empty, with a warning', async () => {
    const server = await serve(() => ({ status: 200, body: { id: 7 } }))
    const run = await runStep({ url: server.url, outputs: 'version: $.version' })
    expect(run.code).toBe(0)
    expect(run.outputs.version).toBe('')
    expect(warningLines(run)).toEqual([
      "::warning::Output 'version': $.version found nothing in the build info, so it is empty"
    ])
  })

  it('status and error are set when the step fails', async () => {
    const server = await serve(() => ({ status: 500, headers: { 'Retry-After': '0' } }))
    const run = await runStep({ url: server.url, retries: '0' })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('TERMINAL')
    expect(run.outputs.error).toBe('the webhook answered 500 Internal Server Error')
  })
})
