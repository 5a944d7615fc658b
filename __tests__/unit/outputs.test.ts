// The outputs and their files (src/report/outputs.ts): what later steps read.

import { describe, it, expect } from 'vitest'
import { EMPTY_PAYLOAD } from '../../src/body.js'
import { ACTION_OUTPUTS } from '../../src/settings.js'
import { compileJsonPath } from '../../src/jsonpath/index.js'
import { Secrets } from '../../src/redact.js'
import { MAX_OUTPUT_BYTES, collectOutputs, payloadText, type OutputFiles } from '../../src/report/outputs.js'
import type { StageResult } from '../../src/stage.js'
import type { FinalStatus } from '../../src/status.js'
import { json, payload, result, webhook } from '../support/stage-result.js'

const FILES: OutputFiles = {
  buildInfo: '/runner/temp/webhook-stage/build-info.json',
  response: '/runner/temp/webhook-stage/response.json'
}

const outputsOf = (
  stage: StageResult,
  outputs: Array<[string, string]> = [],
  secrets = new Secrets()
): { values: Map<string, string>; names: string[]; warnings: string[] } => {
  const collected = collectOutputs(
    stage,
    { outputs: outputs.map(([name, path]) => ({ name, path: compileJsonPath(path) })) },
    secrets,
    FILES
  )
  return {
    values: new Map(collected.values),
    names: collected.values.map(([name]) => name),
    warnings: collected.warnings.map(warning => warning.message)
  }
}

/** A string of `bytes` UTF-8 bytes made of two-byte characters (plus one ASCII when odd). */
const twoByteText = (bytes: number): string => 'é'.repeat(Math.floor(bytes / 2)) + (bytes % 2 ? 'x' : '')

describe('collectOutputs', () => {
  it('sets every action output', () => {
    const { names } = outputsOf(result())
    expect(names).toEqual(expect.arrayContaining([...ACTION_OUTPUTS]))
    expect(new Set(names).size).toBe(names.length)
  })

  it('sets every action output even when nothing was received', () => {
    const { names, values } = outputsOf({ status: 'TERMINAL', reason: 'connection refused', elapsedMs: 5, polls: 0 })
    expect(names).toEqual(expect.arrayContaining([...ACTION_OUTPUTS]))
    expect(values.get('status')).toBe('TERMINAL')
    expect(values.get('error')).toBe('connection refused')
    expect(values.get('status-code')).toBe('')
    expect(values.get('response')).toBe('')
    expect(values.get('build-info')).toBe('')
    expect(values.get('build-info-file')).toBe(FILES.buildInfo)
    expect(values.get('response-file')).toBe(FILES.response)
  })

  it.each<[FinalStatus, string]>([
    ['SUCCEEDED', ''],
    ['CANCELED', 'the run was cancelled'],
    ['TERMINAL', 'the job reported FAILED']
  ])('status %s is always set; error is %j', (status, error) => {
    const reason = status === 'SUCCEEDED' ? 'the job reported DONE' : error
    const { values } = outputsOf(result({ status, reason }))
    expect(values.get('status')).toBe(status)
    expect(values.get('error')).toBe(error)
  })

  it('hands on the webhook call, the status URL, polls, progress and percent', () => {
    const body = json({ id: 42, state: 'DONE' })
    const { values, warnings } = outputsOf(
      result({
        webhook: webhook(body, 202),
        statusUrl: new URL('https://api.example.com/jobs/42'),
        polls: 7,
        progress: 'step 3 of 4',
        percentComplete: 75,
        buildInfo: json({ state: 'DONE', artifacts: ['a.zip'] })
      })
    )
    expect(values.get('status-code')).toBe('202')
    expect(values.get('response')).toBe('{"id":42,"state":"DONE"}')
    expect(JSON.parse(values.get('response-headers') ?? '')).toEqual({
      'content-type': 'application/json',
      location: '/jobs/42'
    })
    expect(values.get('status-url')).toBe('https://api.example.com/jobs/42')
    expect(values.get('polls')).toBe('7')
    expect(values.get('progress')).toBe('step 3 of 4')
    expect(values.get('percent-complete')).toBe('75')
    expect(values.get('build-info')).toBe('{"state":"DONE","artifacts":["a.zip"]}')
    expect(values.get('build-info-file')).toBe(FILES.buildInfo)
    expect(values.get('response-file')).toBe(FILES.response)
    expect(warnings).toEqual([])
  })

  it('leaves status-url, progress and percent-complete empty when there were none', () => {
    const { values } = outputsOf(result())
    expect(values.get('status-url')).toBe('')
    expect(values.get('progress')).toBe('')
    expect(values.get('percent-complete')).toBe('')
    expect(values.get('polls')).toBe('0')
  })

  it('a raw-text response comes out as it is', () => {
    const body = payload('Accepted, job 42 queued')
    const { values } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
    expect(values.get('response')).toBe('Accepted, job 42 queued')
    expect(values.get('build-info')).toBe('Accepted, job 42 queued')
  })

  it('the status-url output has no user info and masks secret query values', () => {
    const secrets = new Secrets()
    const statusUrl = new URL('https://deployer:hunter22@api.example.com/jobs/42?access_token=t0k3n-abc&page=2')
    secrets.addUrl(statusUrl)
    const { values } = outputsOf(result({ statusUrl }), [], secrets)
    expect(values.get('status-url')).toBe('https://api.example.com/jobs/42?access_token=***&page=2')
  })

  describe('the 65,536-byte rule', () => {
    it('is 65,536 bytes', () => {
      expect(MAX_OUTPUT_BYTES).toBe(65_536)
    })

    it('counts UTF-8 bytes: a multi-byte text just over the limit is left empty with a warning naming the file', () => {
      const text = twoByteText(MAX_OUTPUT_BYTES + 2)
      expect(text.length).toBeLessThan(MAX_OUTPUT_BYTES) // few characters, many bytes
      const body = payload(text)
      const { values, warnings } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
      expect(values.get('response')).toBe('')
      expect(values.get('build-info')).toBe('')
      const response = warnings.find(warning => warning.includes("'response'"))
      const buildInfo = warnings.find(warning => warning.includes("'build-info'"))
      expect(response).toContain(FILES.response)
      expect(buildInfo).toContain(FILES.buildInfo)
      expect(response).toContain(String(MAX_OUTPUT_BYTES + 2))
      // the other outputs are not touched
      expect(values.get('status')).toBe('SUCCEEDED')
      expect(values.get('build-info-file')).toBe(FILES.buildInfo)
      expect(values.get('response-file')).toBe(FILES.response)
    })

    it('keeps an output of exactly 65,536 bytes', () => {
      const text = twoByteText(MAX_OUTPUT_BYTES)
      expect(Buffer.byteLength(text)).toBe(MAX_OUTPUT_BYTES)
      const body = payload(text)
      const { values, warnings } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
      expect(values.get('response')).toBe(text)
      expect(values.get('build-info')).toBe(text)
      expect(warnings).toEqual([])
    })

    it('one byte over is too large', () => {
      const text = twoByteText(MAX_OUTPUT_BYTES + 1)
      expect(Buffer.byteLength(text)).toBe(MAX_OUTPUT_BYTES + 1)
      const body = payload(text)
      const { values, warnings } = outputsOf(result({ webhook: webhook(body), buildInfo: body }))
      expect(values.get('response')).toBe('')
      expect(warnings.length).toBeGreaterThanOrEqual(1)
    })

    it('a large build info only empties build-info when the response is small', () => {
      const buildInfo = json({ log: twoByteText(MAX_OUTPUT_BYTES) })
      const { values, warnings } = outputsOf(result({ buildInfo }))
      expect(values.get('build-info')).toBe('')
      expect(values.get('response')).toBe('{"id":42,"state":"DONE"}')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('build-info')
      expect(warnings[0]).toContain(FILES.buildInfo)
    })

    it('a custom output over the limit is left empty with a warning naming the build info file', () => {
      const buildInfo = json({ log: twoByteText(MAX_OUTPUT_BYTES + 10) })
      const { values, warnings } = outputsOf(result({ buildInfo }), [['log', '$.log']])
      expect(values.get('log')).toBe('')
      const warning = warnings.find(text => text.includes("'log'"))
      expect(warning).toContain(FILES.buildInfo)
    })
  })

  describe('custom outputs read from the build info', () => {
    const buildInfo = json({
      id: 'job-42',
      count: 3,
      ratio: 0.5,
      ok: true,
      nothing: null,
      artifact: { name: 'app.zip', size: 1024 },
      items: [{ id: 1 }, { id: 2 }, { id: 3 }],
      names: ['a', 'b']
    })

    it.each<[string, string, string]>([
      ['a string comes out as it is', '$.id', 'job-42'],
      ['Jayway rule: no leading $', 'id', 'job-42'],
      ['a number as JSON', '$.count', '3'],
      ['a fraction as JSON', '$.ratio', '0.5'],
      ['a boolean as JSON', '$.ok', 'true'],
      ['null as JSON', '$.nothing', 'null'],
      ['an object as JSON', '$.artifact', '{"name":"app.zip","size":1024}'],
      ['a list as JSON', '$.names', '["a","b"]'],
      ['several matches as a JSON list', '$.items[*].id', '[1,2,3]'],
      ['several string matches as a JSON list', '$.names[*]', '["a","b"]'],
      ['a filter', '$.items[?(@.id == 2)].id', '2']
    ])('%s (%s)', (_, path, expected) => {
      const { values, warnings } = outputsOf(result({ buildInfo }), [['value', path]])
      expect(values.get('value')).toBe(expected)
      expect(warnings).toEqual([])
    })

    it('a path that finds nothing gives an empty output and a warning', () => {
      const { values, warnings } = outputsOf(result({ buildInfo }), [['missing', '$.no.such.thing']])
      expect(values.get('missing')).toBe('')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('missing')
      expect(warnings[0]).toContain('$.no.such.thing')
    })

    it('a path on a text build info', () => {
      const text = payload('all done')
      const { values } = outputsOf(result({ buildInfo: text }), [
        ['whole', '$'],
        ['field', '$.x']
      ])
      expect(values.get('whole')).toBe('all done')
      expect(values.get('field')).toBe('')
    })

    it('a path on an empty build info finds nothing, with a warning', () => {
      const { values, warnings } = outputsOf(result({ buildInfo: EMPTY_PAYLOAD }), [['id', '$.id']])
      expect(values.get('id')).toBe('')
      expect(warnings).toHaveLength(1)
    })

    it('comes after the action outputs, in the order given', () => {
      const { names } = outputsOf(result({ buildInfo }), [
        ['second', '$.count'],
        ['first', '$.id']
      ])
      expect(names.slice(-2)).toEqual(['second', 'first'])
    })

    it('a falsy value is still found', () => {
      const { values, warnings } = outputsOf(result({ buildInfo: json({ zero: 0, no: false, empty: '' }) }), [
        ['zero', '$.zero'],
        ['no', '$.no'],
        ['empty', '$.empty']
      ])
      expect(values.get('zero')).toBe('0')
      expect(values.get('no')).toBe('false')
      expect(values.get('empty')).toBe('')
      expect(warnings).toEqual([])
    })
  })

  describe('secrets in bodies come out as ***', () => {
    const TOKEN = 'tok-0123456789abcdef'

    function withSecret(): Secrets {
      const secrets = new Secrets()
      secrets.addHeaderValue('Authorization', `Bearer ${TOKEN}`)
      return secrets
    }

    it('in response, build-info, response-headers, progress, error and custom outputs', () => {
      const echo = json({ received: { authorization: `Bearer ${TOKEN}` }, token: TOKEN })
      const stage = result({
        status: 'TERMINAL',
        reason: `401 Unauthorized: bad token ${TOKEN}`,
        webhook: { ...webhook(echo), headers: { 'x-echo-token': TOKEN } },
        buildInfo: echo,
        progress: `using ${TOKEN}`
      })
      const { values } = outputsOf(
        stage,
        [
          ['token', '$.token'],
          ['received', '$.received']
        ],
        withSecret()
      )
      for (const [name, value] of values) expect(value, name).not.toContain(TOKEN)
      expect(values.get('response')).toBe('{"received":{"authorization":"***"},"token":"***"}')
      expect(values.get('build-info')).toBe('{"received":{"authorization":"***"},"token":"***"}')
      expect(values.get('response-headers')).toBe('{"x-echo-token":"***"}')
      expect(values.get('progress')).toBe('using ***')
      expect(values.get('error')).toBe('401 Unauthorized: bad token ***')
      expect(values.get('token')).toBe('***')
      expect(values.get('received')).toBe('{"authorization":"***"}')
    })

    it('in a raw-text response', () => {
      const body = payload(`echo: Bearer ${TOKEN}\nbye`)
      const { values } = outputsOf(result({ webhook: webhook(body), buildInfo: body }), [], withSecret())
      expect(values.get('response')).toBe('echo: ***\nbye')
    })

    it('payloadText redacts what the files hold', () => {
      expect(payloadText(json({ token: TOKEN }), withSecret())).toBe('{"token":"***"}')
      expect(payloadText(undefined, withSecret())).toBe('')
    })
  })
})
