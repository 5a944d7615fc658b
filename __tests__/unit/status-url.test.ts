import { describe, expect, it } from 'vitest'
import { readPayload } from '../../src/body.js'
import type { StageConfig } from '../../src/settings.js'
import { compileJsonPath } from '../../src/jsonpath/index.js'
import type { WebhookCall } from '../../src/stage.js'
import { resolveStatusUrl } from '../../src/tasks/status-url.js'
import { Secrets } from '../../src/redact.js'

const answer = (headers: Record<string, string>, body = ''): WebhookCall => ({
  method: 'POST',
  code: 202,
  reason: 'Accepted',
  headers,
  payload: readPayload(Buffer.from(body)),
  ms: 1
})

function config(url: string, statusUrlResolution: StageConfig['statusUrlResolution'], path?: string) {
  return {
    webhook: { method: 'POST', url: new URL(url) },
    statusUrlResolution,
    statusUrlJsonPath: path ? compileJsonPath(path) : undefined,
    statusUrlHeader: 'Location'
  }
}

describe('resolveStatusUrl', () => {
  it('reads the status-url-header, and names it when it is missing', () => {
    const azure = { ...config('https://api.example/ops', 'location-header'), statusUrlHeader: 'Operation-Location' }
    expect(resolveStatusUrl(azure, answer({ 'operation-location': '/ops/1/status' }), new Secrets()).href).toBe(
      'https://api.example/ops/1/status'
    )
    expect(() => resolveStatusUrl(azure, answer({ location: '/elsewhere' }), new Secrets())).toThrow(
      "the webhook's answer has no Operation-Location header to poll"
    )
  })

  it('is the webhook URL with get-method', () => {
    expect(resolveStatusUrl(config('https://ci.example/jobs?x=1', 'get-method'), undefined, new Secrets()).href).toBe(
      'https://ci.example/jobs?x=1'
    )
  })

  it.each([
    ['https://ci.example/api/jobs', 'https://ci.example/api/jobs/9', 'https://ci.example/api/jobs/9'],
    ['https://ci.example/api/jobs', '/runs/9', 'https://ci.example/runs/9'],
    ['https://ci.example/api/jobs', 'runs/9', 'https://ci.example/api/runs/9'],
    ['https://ci.example/api/jobs', 'https://other.example/runs/9', 'https://other.example/runs/9'],
    // Spinnaker's rule: the webhook's host with another scheme keeps the webhook's scheme.
    ['https://ci.example/api/jobs', 'http://ci.example/runs/9', 'https://ci.example/runs/9'],
    ['https://ci.example/api/jobs', 'http://ci.example:8080/runs/9', 'https://ci.example:8080/runs/9'],
    ['http://ci.example/api/jobs', 'https://other.example/runs/9', 'https://other.example/runs/9']
  ])('from %s and Location %s is %s', (url, location, expected) => {
    expect(resolveStatusUrl(config(url, 'location-header'), answer({ location }), new Secrets()).href).toBe(expected)
  })

  it('takes a string from the answer with webhook-response, relative or not', () => {
    const cfg = config('https://ci.example/api/jobs', 'webhook-response', '$.links.status')
    expect(resolveStatusUrl(cfg, answer({}, '{"links": {"status": "/runs/3"}}'), new Secrets()).href).toBe(
      'https://ci.example/runs/3'
    )
    expect(
      resolveStatusUrl(cfg, answer({}, '{"links": {"status": " https://x.example/3 "}}'), new Secrets()).href
    ).toBe('https://x.example/3')
  })

  it.each([
    ['location-header', undefined, answer({}), /no Location header/],
    ['webhook-response', '$.url', answer({}, '{"url": 5}'), /found a number/],
    ['webhook-response', '$.url', answer({}, '{"url": ""}'), /found a string/],
    ['webhook-response', '$.url', answer({}, 'not json'), /found nothing/],
    ['location-header', undefined, answer({ location: 'ftp://ci.example/x' }), /ftp: URL, not http or https/],
    ['location-header', undefined, answer({ location: 'http://[bad' }), /is not a URL/]
  ] as const)('fails with %s when %s finds no URL', (mode, path, call, message) => {
    expect(() => resolveStatusUrl(config('https://ci.example/jobs', mode, path), call, new Secrets())).toThrow(message)
  })
})
