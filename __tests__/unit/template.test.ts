// `{JSONPath}` placeholders in cancel-endpoint, filled from the webhook's answer so that the cancel
// call names the job the webhook started (action/spinnaker.test.ts keeps the call itself).

import { describe, expect, it } from 'vitest'
import { JsonPathSyntaxError } from '../../src/jsonpath/syntax.js'
import { fillTemplate, parseTemplate } from '../../src/jsonpath/template.js'
import { Secrets } from '../../src/redact.js'

/** The cancel URL for an endpoint written with placeholders, resolved as the action resolves it. */
function filled(written: string, document: unknown): string {
  const template = parseTemplate(written)
  const result = fillTemplate(
    template,
    new URL(template.text, 'https://ci.example/jobs/hook'),
    { document },
    new Secrets()
  )
  return 'url' in result ? result.url.href : `skipped: ${result.skipped}`
}

describe('parseTemplate', () => {
  it('reads each placeholder as a JSONPath and leaves the rest of the URL as written', () => {
    const template = parseTemplate('/jobs/{$.id}/cancel?team={$.team}')
    expect(template.slots.map(slot => slot.path.source)).toEqual(['$.id', '$.team'])
    expect(template.text).not.toMatch(/[{}]/)
    expect(template.text.startsWith('/jobs/')).toBe(true)
  })

  it('has no slots when there is no placeholder', () => {
    expect(parseTemplate('https://ci.example/cancel?x=1')).toEqual({ text: 'https://ci.example/cancel?x=1', slots: [] })
  })

  it('does not end a placeholder at a brace inside quotes, brackets or a filter', () => {
    const template = parseTemplate("/cancel/{$['a}b']}/{$.jobs[?(@.name == '}')].id}")
    expect(template.slots.map(slot => slot.path.source)).toEqual(["$['a}b']", "$.jobs[?(@.name == '}')].id"])
  })

  it.each([
    ['/cancel/{$.id', 'the placeholder at character 9 has no closing }'],
    ['/cancel/$.id}', 'has a } that closes no placeholder'],
    ['/cancel/{$.[}', 'the placeholder at character 9 has no closing }'],
    ['/cancel/{$.a b}', 'the placeholder {$.a b} is not a JSONPath']
  ])('refuses %j: %s', (written, message) => {
    expect(() => parseTemplate(written)).toThrow(JsonPathSyntaxError)
    expect(() => parseTemplate(written)).toThrow(message)
  })
})

describe('fillTemplate', () => {
  it('fills each placeholder with its value, percent-encoded', () => {
    expect(filled('/jobs/{$.id}/cancel?team={$.team}', { id: 'a/b c', team: 'shop' })).toBe(
      'https://ci.example/jobs/a%2Fb%20c/cancel?team=shop'
    )
  })

  it("fills each placeholder once: a value that spells another placeholder's token stays data", () => {
    const template = parseTemplate('/projects/{$.project}/jobs/{$.id}/cancel')
    const [, second] = template.slots
    const url = filled('/projects/{$.project}/jobs/{$.id}/cancel', { project: `..${second.token}`, id: '' })
    expect(url).toBe(`https://ci.example/projects/..${second.token}/jobs//cancel`)
  })

  it('fills numbers and booleans as written, and one placeholder used twice', () => {
    expect(filled('/runs/{$.run}/cancel?force={$.force}&again={$.run}', { run: 9, force: true })).toBe(
      'https://ci.example/runs/9/cancel?force=true&again=9'
    )
  })

  it('takes a list that holds one value as that value', () => {
    expect(filled('/cancel/{$.ids[*]}', { ids: ['j-1'] })).toBe('https://ci.example/cancel/j-1')
  })

  it.each([
    ['nothing', {}, 'the placeholder {$.id} found nothing, not one value'],
    ['an object', { id: { n: 1 } }, 'the placeholder {$.id} found an object, not one value'],
    ['null', { id: null }, 'the placeholder {$.id} found null, not one value']
  ])('skips the call when a placeholder finds %s', (_, document, reason) => {
    expect(filled('/cancel/{$.id}', document)).toBe(`skipped: ${reason}`)
  })

  it('skips the call when a placeholder finds several values', () => {
    expect(filled('/cancel/{$.ids[*]}', { ids: ['a', 'b'] })).toMatch(
      /^skipped: the placeholder \{\$\.ids\[\*\]\} found .*2 values.*, not one value$/
    )
  })

  it('skips the call when there is no answer to read, and needs none without placeholders', () => {
    const template = parseTemplate('/cancel/{$.id}')
    expect(fillTemplate(template, new URL(template.text, 'https://ci.example/'), undefined, new Secrets())).toEqual({
      skipped: 'there is no answer to fill its placeholders from'
    })
    const plain = parseTemplate('/cancel')
    expect(fillTemplate(plain, new URL('https://ci.example/cancel'), undefined, new Secrets())).toEqual({
      url: new URL('https://ci.example/cancel')
    })
  })
})
