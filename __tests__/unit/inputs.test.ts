import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { DEFAULTS, InputError, readConfig } from '../../src/inputs/index.js'
import { type StageConfig } from '../../src/settings.js'
import { Secrets } from '../../src/redact.js'

const URL_ = 'https://example.com/hook'
const FORM = 'application/x-www-form-urlencoded'

interface Run {
  config: StageConfig
  /** Values registered as secrets, in order. */
  secrets: string[]
  warnings: string[]
}

/** readConfig over the given inputs; `url` is the test URL unless given (give '' to leave it out). */
function config(inputs: Record<string, string>, workspace = tmpdir()): Run {
  const secrets: string[] = []
  const warnings: string[] = []
  const all: Record<string, string> = { url: URL_, ...inputs }
  const result = readConfig(
    { get: name => all[name] ?? '', workspace, warn: message => warnings.push(message) },
    new Secrets(value => secrets.push(value))
  )
  return { config: result, secrets, warnings }
}

/** The InputError readConfig throws for these inputs. */
function inputError(inputs: Record<string, string>, workspace?: string): InputError {
  try {
    config(inputs, workspace)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error(`no InputError for ${JSON.stringify(inputs)}`)
}

let workspace: string
beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'inputs-test-'))
  writeFileSync(path.join(workspace, 'body.json'), '{"ref": "main", "n": 2.0}')
  mkdirSync(path.join(workspace, 'sub'))
  writeFileSync(path.join(workspace, 'sub', 'body.txt'), 'plain text')
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

describe('readConfig: defaults', () => {
  it('gives every input its documented default', () => {
    const { config: c, secrets, warnings } = config({})
    expect(c.webhook).toEqual({ method: 'POST', url: new URL(URL_) })
    expect(c.headers).toEqual({})
    expect([...c.failFastStatusCodes]).toEqual([504])
    expect([...c.retryStatusCodes]).toEqual([])
    expect(c).toMatchObject({
      retries: 5,
      requestTimeoutMs: 120_000,
      maxResponseBytes: 16 * 1024 ** 2,
      waitForCompletion: false,
      monitorOnly: false,
      statusUrlResolution: 'get-method',
      waitBeforeMonitorMs: 0,
      pollInterval: 'auto',
      timeoutMs: 3_600_000,
      statusHeaders: 'same-origin',
      outputs: [],
      summary: true
    })
    expect(c.cancel).toBeUndefined()
    expect(c.statusJsonPath).toBeUndefined()
    expect(secrets).toEqual([])
    expect(warnings).toEqual([])
  })

  it.each(['', '   '])('reads every input given as %j as its default', empty => {
    const blank = Object.fromEntries(Object.keys(DEFAULTS).map(name => [name, empty]))
    expect(config(blank).config).toEqual(config({}).config)
  })

  it.each([
    ['method', 'POST', (c: StageConfig) => c.webhook.method],
    ['retries', 5, (c: StageConfig) => c.retries],
    ['timeout', 3_600_000, (c: StageConfig) => c.timeoutMs],
    ['request-timeout', 120_000, (c: StageConfig) => c.requestTimeoutMs]
  ])("reads %s '' as its default", (name, value, read) => {
    expect(read(config({ [name]: '' }).config)).toBe(value)
  })
})

describe('readConfig: input errors name the input', () => {
  it.each<[string, Record<string, string>, string | string[]]>([
    ['missing url', { url: '' }, 'url'],
    ['blank url', { url: '   ' }, 'url'],
    ['ftp url', { url: 'ftp://example.com/file' }, 'url'],
    ['mailto url', { url: 'mailto:ops@example.com' }, 'url'],
    ['not a URL', { url: 'not a url' }, 'url'],
    ['URL without a scheme', { url: 'example.com/hook' }, 'url'],
    ['unknown method', { method: 'FETCH' }, 'method'],
    ['CONNECT method', { method: 'connect' }, 'method'],
    ['headers not a mapping', { headers: 'just some text' }, 'headers'],
    ['headers with a nested object', { headers: '{"X-A": {"b": 1}}' }, 'headers'],
    ['headers with an unclosed quote', { headers: 'X-A: "open' }, 'headers'],
    ['header name with a space', { headers: 'Bad Name: x' }, 'headers'],
    ['header name with a colon', { headers: '"X:Y": x' }, 'headers'],
    ['header name with parentheses', { headers: '{"X(1)": "x"}' }, 'headers'],
    ['duplicate header names', { headers: 'X-Trace: 1\nX-Trace: 2' }, 'headers'],
    ['duplicate header names in another case', { headers: 'X-Trace: 1\nx-trace: 2' }, 'headers'],
    ['a Content-Length header', { headers: 'Content-Length: 5' }, 'headers'],
    ['a content-length header', { headers: '{"content-length": 5}' }, 'headers'],
    ['a Transfer-Encoding header (README)', { headers: 'Transfer-Encoding: chunked' }, 'headers'],
    ['payload and payload-file', { payload: '{}', 'payload-file': 'body.json' }, ['payload', 'payload-file']],
    ['fail-fast code 600', { 'fail-fast-status-codes': '600' }, 'fail-fast-status-codes'],
    ['fail-fast code 99', { 'fail-fast-status-codes': '500, 99' }, 'fail-fast-status-codes'],
    ['fail-fast code not a number', { 'fail-fast-status-codes': 'abc' }, 'fail-fast-status-codes'],
    ['retry code 1000', { 'retry-status-codes': '404\n1000' }, 'retry-status-codes'],
    ['retry code 50x', { 'retry-status-codes': '50x' }, 'retry-status-codes'],
    ['retry code 404.0', { 'retry-status-codes': '404.0' }, 'retry-status-codes'],
    ['retries -1', { retries: '-1' }, 'retries'],
    ['retries 1.5', { retries: '1.5' }, 'retries'],
    ['retries not a number', { retries: 'many' }, 'retries'],
    ['request-timeout not a duration', { 'request-timeout': 'soon' }, 'request-timeout'],
    ['request-timeout 0', { 'request-timeout': '0' }, 'request-timeout'],
    ['timeout 0s', { timeout: '0s' }, 'timeout'],
    ['timeout with inner space', { timeout: '1h 30m' }, 'timeout'],
    ['timeout with the smaller unit first', { timeout: '30m1h' }, 'timeout'],
    ['timeout negative', { timeout: '-5m' }, 'timeout'],
    ['poll-interval 0', { 'wait-for-completion': 'true', 'poll-interval': '0' }, 'poll-interval'],
    ['poll-interval 0ms', { 'wait-for-completion': 'true', 'poll-interval': '0ms' }, 'poll-interval'],
    ['poll-interval not a duration', { 'wait-for-completion': 'true', 'poll-interval': 'often' }, 'poll-interval'],
    [
      'wait-before-monitor not a duration',
      { 'wait-for-completion': 'true', 'wait-before-monitor': 'later' },
      'wait-before-monitor'
    ],
    ['max-response-size not a size', { 'max-response-size': 'huge' }, 'max-response-size'],
    ['max-response-size with an unknown unit', { 'max-response-size': '1TB' }, 'max-response-size'],
    ['max-response-size 0', { 'max-response-size': '0' }, 'max-response-size'],
    ['unknown status-url-resolution', { 'status-url-resolution': 'poll-it' }, 'status-url-resolution'],
    ['unknown status-headers', { 'status-headers': 'sometimes' }, 'status-headers'],
    ['wait-for-completion yes', { 'wait-for-completion': 'yes' }, 'wait-for-completion'],
    ['monitor-only 1', { 'monitor-only': '1' }, 'monitor-only'],
    ['summary on', { summary: 'on' }, 'summary'],
    ['outputs not a mapping', { outputs: 'just text' }, 'outputs'],
    ['outputs name starting with a digit', { outputs: '1abc: $.a' }, 'outputs'],
    ['outputs name with a space', { outputs: '"a b": $.a' }, 'outputs'],
    ["outputs name 'status'", { outputs: 'status: $.a' }, 'outputs'],
    ["outputs name 'build-info'", { outputs: 'build-info: $.a' }, 'outputs'],
    ["outputs name 'Build-Info'", { outputs: 'Build-Info: $.a' }, 'outputs'],
    ['outputs name repeated', { outputs: 'id: $.a\nid: $.b' }, 'outputs'],
    ['outputs name repeated in another case', { outputs: 'id: $.a\nID: $.b' }, 'outputs'],
    ['outputs with an empty path', { outputs: 'id:' }, 'outputs'],
    [
      'one status in success and terminal',
      { 'status-json-path': '$.s', 'success-statuses': 'done', 'terminal-statuses': 'failed, DONE ' },
      ['success-statuses', 'terminal-statuses']
    ],
    [
      'one status in success and canceled',
      { 'status-json-path': '$.s', 'success-statuses': 'ok', 'canceled-statuses': '\n Ok\n' },
      ['success-statuses', 'canceled-statuses']
    ],
    [
      'one status in canceled and terminal',
      {
        'status-json-path': '$.s',
        'success-statuses': 'ok',
        'canceled-statuses': 'stopped',
        'terminal-statuses': 'STOPPED'
      },
      ['canceled-statuses', 'terminal-statuses']
    ],
    [
      'webhook-response without status-url-json-path',
      { 'wait-for-completion': 'true', 'status-url-resolution': 'webhook-response' },
      'status-url-json-path'
    ],
    [
      'status-json-path without success-statuses',
      { 'wait-for-completion': 'true', 'status-json-path': '$.status' },
      'success-statuses'
    ],
    [
      'status-json-path with only terminal-statuses',
      { 'wait-for-completion': 'true', 'status-json-path': '$.status', 'terminal-statuses': 'failed' },
      'success-statuses'
    ],
    [
      'success-statuses without status-json-path',
      { 'wait-for-completion': 'true', 'success-statuses': 'ok' },
      'status-json-path'
    ],
    [
      'canceled-statuses without status-json-path',
      { 'wait-for-completion': 'true', 'canceled-statuses': 'stopped' },
      'status-json-path'
    ],
    [
      'monitor-only with location-header',
      { 'monitor-only': 'true', 'status-url-resolution': 'location-header' },
      ['monitor-only', 'status-url-resolution']
    ],
    [
      'monitor-only with webhook-response',
      { 'monitor-only': 'true', 'status-url-resolution': 'webhookResponse', 'status-url-json-path': '$.url' },
      ['monitor-only', 'status-url-resolution']
    ],
    [
      'url user info and an Authorization header',
      { url: 'https://user:pass@example.com/hook', headers: 'Authorization: Bearer t0ken' },
      ['url', 'headers']
    ],
    [
      'url user info and an authorization header',
      { url: 'https://user:pass@example.com/hook', headers: '{"authorization": "x"}' },
      ['url', 'headers']
    ],
    ['cancel-endpoint not http', { 'cancel-endpoint': 'ftp://example.com/cancel' }, 'cancel-endpoint'],
    [
      'cancel-method unknown',
      { 'cancel-endpoint': 'https://example.com/cancel', 'cancel-method': 'STOP' },
      'cancel-method'
    ],
    ['form payload with a nested object', { headers: `Content-Type: ${FORM}`, payload: '{"a": {"b": 1}}' }, 'payload'],
    ['form payload with a nested list', { headers: `Content-Type: ${FORM}`, payload: '{"a": [[1]]}' }, 'payload']
  ])('%s', (_, inputs, names) => {
    const error = inputError(inputs)
    const accepted = Array.isArray(names) ? names : [names]
    expect(accepted).toContain(error.input)
    expect(error.message).toContain(error.input)
  })

  const withPath: Record<string, (jsonPath: string) => Record<string, string>> = {
    'status-json-path': p => ({ 'wait-for-completion': 'true', 'status-json-path': p, 'success-statuses': 'ok' }),
    'status-url-json-path': p => ({
      'wait-for-completion': 'true',
      'status-url-resolution': 'webhook-response',
      'status-url-json-path': p
    }),
    'progress-json-path': p => ({ 'wait-for-completion': 'true', 'progress-json-path': p }),
    outputs: p => ({ outputs: `result: ${JSON.stringify(p)}` })
  }
  describe.each(Object.keys(withPath))('a JSONPath in %s that does not parse', name => {
    it.each(['$.[', '$.a[', '$.a[?(@.x ==)]', '$.a]', "$['a", '$..', 'a b'])('rejects %j', jsonPath => {
      const error = inputError(withPath[name](jsonPath))
      expect(error.input).toBe(name)
      expect(error.message).toContain(name)
    })
  })

  it('rejects an unreadable payload-file, naming the input', () => {
    for (const file of ['missing.json', 'sub']) {
      const error = inputError({ 'payload-file': file }, workspace)
      expect(error.input).toBe('payload-file')
      expect(error.message).toContain('payload-file')
    }
  })

  it.each([
    ['JSON with CR LF', '{"X-Api-Key": "s3cret-value\\r\\nX-Injected: yes"}'],
    ['JSON with LF', '{"X-Trace": "s3cret-value\\nX-Injected: yes"}'],
    ['YAML double-quoted LF', 'X-Trace: "s3cret-value\\nX-Injected: yes"'],
    ['a list item with CR', 'X-Trace: [ok, "s3cret-value\\rX-Injected: yes"]']
  ])('rejects a header value with a line break (%s) as header injection, without echoing it', (_, headers) => {
    const error = inputError({ headers })
    expect(error.input).toBe('headers')
    expect(error.message).toMatch(/header injection/i)
    expect(error.message).not.toContain('s3cret-value')
    expect(error.message).not.toContain('X-Injected')
  })

  it.each(['\\u0000', '\\u0001', '\\u001b', '\\u007f'])(
    'rejects a header value with the control character %s, without echoing it',
    char => {
      const error = inputError({ headers: `{"Authorization": "Bearer s3cret${char}"}` })
      expect(error.input).toBe('headers')
      expect(error.message).not.toContain('s3cret')
    }
  )
})

// Each message as the user reads it in the one ::error:: line (action/inputs.test.ts holds the
// black-box contract around it): it names the input, says what was expected, quotes the bad value.
describe('readConfig: the message a bad input gets', () => {
  const mapped = {
    'wait-for-completion': 'true',
    'status-json-path': '$.status',
    'success-statuses': 'SUCCEEDED',
    'terminal-statuses': 'FAILED'
  }
  it.each<[message: string, inputs: Record<string, string>, expected: RegExp]>([
    ["Input 'url' is required: the http or https URL to call", { url: '' }, /required/],
    ["Input 'url' must be an http or https URL (got a 'ftp:' URL)", { url: 'ftp://example.com/file' }, /http or https/],
    ["Input 'url' must be an http or https URL", { url: 'not a url' }, /http or https URL/],
    [
      "Input 'method' must be GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (got 'FETCH')",
      { method: 'FETCH' },
      /GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS/
    ],
    [
      "Input 'headers' must be a YAML or JSON mapping of `Name: value`: expected a mapping of `name: value`, one per line",
      { headers: 'just some text' },
      /mapping/
    ],
    [
      "Input 'headers' must be a YAML or JSON mapping of `Name: value`: expected a mapping of `name: value`, one per line",
      { headers: '["a", "b"]' },
      /mapping/
    ],
    ["Input 'headers' has a header name that is not legal: 'Bad Name'", { headers: 'Bad Name: x' }, /not legal/],
    [
      "Input 'headers' has a line break in the value of X-Evil (header injection)",
      { headers: 'X-Evil: "a\\r\\nInjected: yes"' },
      /line break.*header injection/
    ],
    [
      "Input 'headers' has a character that is not printable ASCII in the value of X-Ctl",
      { headers: 'X-Ctl: "a\\u0007b"' },
      /not printable ASCII in the value of X-Ctl/
    ],
    [
      "Input 'headers' has a character that is not printable ASCII in the value of X-Name",
      { headers: 'X-Name: José' },
      /not printable ASCII/
    ],
    ["Input 'headers' names x-a twice; give a list to send it more than once", { headers: 'X-A: 1\nx-a: 2' }, /twice/],
    [
      "Input 'headers' cannot set Content-Length: the action frames the body itself",
      { headers: 'Content-Length: 3' },
      /frames the body/
    ],
    [
      "Input 'payload-file' cannot be used together with 'payload'; give one of them",
      { payload: '{}', 'payload-file': 'body.json' },
      /together with 'payload'/
    ],
    [
      "Input 'payload-file' must be a readable file relative to the workspace ('missing.json': ENOENT)",
      { 'payload-file': 'missing.json' },
      /readable file.*ENOENT/
    ],
    [
      "Input 'payload' must be a flat JSON object to be sent form-encoded: the value of a is a nested mapping, where text was expected",
      { headers: 'Content-Type: application/x-www-form-urlencoded', payload: '{"a": {"b": 1}}' },
      /flat JSON object/
    ],
    [
      "Input 'fail-fast-status-codes' must list HTTP status codes from 100 to 599, separated by commas, or be none (got 'abc')",
      { 'fail-fast-status-codes': '504, abc' },
      /100 to 599.*abc/
    ],
    [
      "Input 'retry-status-codes' must list HTTP status codes from 100 to 599, separated by commas, or be none (got '700')",
      { 'retry-status-codes': '404\n700' },
      /100 to 599.*700/
    ],
    ["Input 'retries' must be a whole number from 0 to 100 (got '-1')", { retries: '-1' }, /whole number/],
    ["Input 'retries' must be a whole number from 0 to 100 (got '2.5')", { retries: '2.5' }, /whole number/],
    [
      "Input 'request-timeout' must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds, more than zero (got '10 minutes')",
      { 'request-timeout': '10 minutes' },
      /duration/
    ],
    [
      "Input 'timeout' must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds, more than zero (got '0')",
      { timeout: '0' },
      /more than zero/
    ],
    [
      "Input 'poll-interval' must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds, more than zero (got 'often')",
      { 'poll-interval': 'often' },
      /duration/
    ],
    [
      "Input 'wait-before-monitor' must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds (got '-5s')",
      { 'wait-before-monitor': '-5s' },
      /duration/
    ],
    [
      "Input 'max-response-size' must be a size such as 512KB, 16MB, 1GB or a number of bytes, more than zero (got '16 bananas')",
      { 'max-response-size': '16 bananas' },
      /size such as 512KB/
    ],
    [
      "Input 'wait-for-completion' must be true or false (got 'yes')",
      { 'wait-for-completion': 'yes' },
      /true or false/
    ],
    ["Input 'summary' must be true or false (got '1')", { summary: '1' }, /true or false/],
    [
      "Input 'status-url-resolution' must be get-method, location-header or webhook-response (got 'header')",
      { 'status-url-resolution': 'header' },
      /get-method, location-header or webhook-response/
    ],
    [
      "Input 'status-headers' must be same-origin, always or never (got 'sometimes')",
      { 'status-headers': 'sometimes' },
      /same-origin, always or never/
    ],
    [
      "Input 'status-json-path' must be a JSONPath such as $.status: expected a name after `.` at character 3",
      { 'status-json-path': '$.[0]', 'success-statuses': 'done' },
      /JSONPath/
    ],
    [
      "Input 'status-url-json-path' must be a JSONPath such as $.status: unclosed quote at character 12",
      { 'status-url-json-path': "$['unclosed" },
      /JSONPath/
    ],
    [
      "Input 'progress-json-path' must be a JSONPath such as $.status: expression `@.x ==` does not parse (Expected expression after ==) at character 10",
      { 'progress-json-path': '$.items[?(@.x ==)]' },
      /JSONPath.*does not parse/
    ],
    [
      "Input 'outputs' must map 'id' to a JSONPath such as $.id: expected a name after `.` at character 3",
      { outputs: 'id: $.[' },
      /'id' to a JSONPath/
    ],
    [
      "Input 'outputs' has a name that is not a valid output name: '1st' (letters, digits, - and _, not starting with a digit or -)",
      { outputs: '1st: $.id' },
      /not a valid output name/
    ],
    [
      "Input 'outputs' cannot use 'Status': the action sets that output itself",
      { outputs: 'Status: $.state' },
      /the action sets that output itself/
    ],
    ["Input 'outputs' names 'A' twice", { outputs: 'a: $.x\nA: $.y' }, /twice/],
    [
      "Input 'terminal-statuses' names 'FAILED', which success-statuses names too; a status can mean one thing",
      { 'status-json-path': '$.s', 'success-statuses': 'done, failed', 'terminal-statuses': ' FAILED ' },
      /success-statuses names too/
    ],
    [
      "Input 'status-url-json-path' is required with status-url-resolution: webhook-response",
      { 'wait-for-completion': 'true', 'status-url-resolution': 'webhookResponse' },
      /required with status-url-resolution: webhook-response/
    ],
    [
      "Input 'success-statuses' is required with status-json-path: the status values that mean SUCCEEDED",
      { 'wait-for-completion': 'true', 'status-json-path': '$.state' },
      /required with status-json-path/
    ],
    [
      "Input 'status-json-path' is required with success-statuses: the JSONPath to the status value",
      { 'wait-for-completion': 'true', 'success-statuses': 'done' },
      /required with success-statuses/
    ],
    [
      "Input 'status-url-resolution' must be get-method with monitor-only (got 'location-header')",
      { 'monitor-only': 'true', 'status-url-resolution': 'location-header' },
      /get-method with monitor-only/
    ],
    [
      "Input 'cancel-endpoint' must be an http or https URL (got a 'mailto:' URL)",
      { 'cancel-endpoint': 'mailto:ops@example.com' },
      /http or https/
    ],
    [
      "Input 'cancel-method' must be GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (got 'STOP')",
      { 'cancel-endpoint': '/cancel', 'cancel-method': 'STOP' },
      /must be GET, HEAD/
    ],
    [
      "Input 'url' has user info while headers set Authorization; give the credentials once",
      { url: 'http://user:pw@127.0.0.1:1/', headers: 'Authorization: Bearer abc' },
      /user info while headers set Authorization/
    ],
    [
      "Input 'poll-retry-limits' must be a YAML mapping of `code: retries`: expected a mapping of `name: value`, one per line",
      { ...mapped, 'poll-retry-limits': '- 404' },
      /^Input 'poll-retry-limits' must be a YAML mapping/
    ],
    [
      "Input 'poll-retry-limits' must name status codes from 400 to 599 (got '302')",
      { ...mapped, 'poll-retry-limits': '302: 1' },
      /must name status codes from 400 to 599 \(got '302'\)/
    ],
    [
      "Input 'poll-retry-limits' must map 404 to a whole number from 0 to 1000000 (got '-1')",
      { ...mapped, 'poll-retry-limits': '404: -1' },
      /must map 404 to a whole number from 0/
    ],
    [
      "Input 'poll-retry-limits' must map 404 to a whole number from 0 to 1000000 (got 'two')",
      { ...mapped, 'poll-retry-limits': '404: two' },
      /must map 404 to a whole number/
    ],
    [
      "Input 'outputs' must map 'n' to a JSONPath such as $.id: `count()` is not a function; Jayway's functions are length(), size(), min(), max(), avg(), sum(), stddev(), keys(), first(), last(), index(n), concat(), append()",
      { ...mapped, outputs: 'n: $.items.count()' },
      /^Input 'outputs' must map 'n' to a JSONPath.*`count\(\)` is not a function/
    ],
    [
      "Input 'status-json-path' must be a JSONPath such as $.status: `length()` takes no arguments",
      { ...mapped, 'status-json-path': '$.items.length(2)' },
      /^Input 'status-json-path'/
    ],
    [
      "Input 'cancel-endpoint' has a placeholder that is not a JSONPath: the placeholder at character 9 has no closing }",
      { ...mapped, 'cancel-endpoint': '/cancel/{$.[}' },
      /^Input 'cancel-endpoint' has a placeholder that is not a JSONPath/
    ],
    [
      "Input 'status-url-header' must be a header name such as Operation-Location (got 'Operation Location')",
      { 'status-url-header': 'Operation Location' },
      /^Input 'status-url-header' must be a header name/
    ],
    [
      "Input 'idempotency-key' must be auto or printable ASCII text allowed in a header value (got 'key with tab')",
      { 'idempotency-key': 'key\twith tab' },
      /^Input 'idempotency-key' must be auto or printable ASCII/
    ],
    [
      "Input 'retries' must be a whole number from 0 to 100 (got '101')",
      { retries: '101' },
      /^Input 'retries' must be a whole number from 0 to 100 \(got '101'\)$/
    ],
    [
      "Input 'retries' must be a whole number from 0 to 100 (got '99999999999999999999')",
      { retries: '99999999999999999999' },
      /^Input 'retries' must be a whole number from 0 to 100 \(got '99999999999999999999'\)$/
    ],
    [
      "Input 'headers' must be a YAML or JSON mapping of `Name: value`: Nested mappings are not allowed in compact mappings at line 1, column 6 (quote a value that holds ': ')",
      { headers: 'X-A: b: c' },
      /line 1, column \d+ \(quote a value that holds ': '\)/
    ],
    [
      "Input 'headers' must be a YAML or JSON mapping of `Name: value`: Plain value cannot start with reserved character @ at line 1, column 9 (quote a value that starts with @ or `)",
      { headers: 'X-Team: @platform' },
      /\(quote a value that starts with @ or `\)/
    ],
    [
      "Input 'headers' must be a YAML or JSON mapping of `Name: value`: Missing closing \"quote at line 2, column 11",
      { headers: 'X-A: 1\nX-B: "open' },
      /^Input 'headers' must be a YAML or JSON mapping.*line 2, column \d+/
    ],
    [
      "Input 'secret-json-paths' must be JSONPaths, one per line: expected a name after `.` at character 3",
      { 'secret-json-paths': '$.ok\n$.[' },
      /^Input 'secret-json-paths' must be JSONPaths, one per line/
    ]
  ])('%s', (message, inputs, expected) => {
    const error = inputError(inputs, workspace)
    expect(error.input).toBe(/^Input '([^']+)'/.exec(message)?.[1])
    expect(error.message.startsWith(`Input '${error.input}' `)).toBe(true)
    expect(error.message).toMatch(expected)
    // The title is the whole message a user reads.
    expect(error.message).toBe(message)
    expect(error.message).not.toContain('\n')
  })

  it.each(['Idempotency-Key', 'idempotency-key'])(
    'refuses idempotency-key while headers set %s: the key is given once',
    name => {
      expect(inputError({ 'idempotency-key': 'deploy-42', headers: `${name}: deploy-42` }).message).toBe(
        "Input 'idempotency-key' is given while headers set Idempotency-Key; give the key once"
      )
    }
  )
})

describe('readConfig: the webhook request', () => {
  it.each([
    ['get', 'GET'],
    ['Put', 'PUT'],
    ['  patch ', 'PATCH'],
    ['delete', 'DELETE'],
    ['HEAD', 'HEAD'],
    ['options', 'OPTIONS'],
    ['post', 'POST']
  ])('accepts the method %j as %s', (method, expected) => {
    expect(config({ method }).config.webhook.method).toBe(expected)
  })

  it('accepts http URLs as well as https', () => {
    expect(config({ url: 'http://localhost:8080/hook' }).config.webhook.url.href).toBe('http://localhost:8080/hook')
  })

  it('sends URL user info as Basic authentication, registers it as a secret and drops it from the URL', () => {
    const { config: c, secrets } = config({ url: 'https://deploy:p%40ss%20word@example.com/hook?x=1' })
    const authorization = `Basic ${Buffer.from('deploy:p@ss word').toString('base64')}`
    expect(c.webhook.authorization).toBe(authorization)
    expect(c.webhook.url.href).toBe('https://example.com/hook?x=1')
    expect(c.webhook.url.username).toBe('')
    expect(c.webhook.url.password).toBe('')
    expect(secrets).toEqual(expect.arrayContaining([authorization, 'p@ss word', 'deploy:p@ss word']))
  })

  it('sends no authorization without user info', () => {
    expect(config({}).config.webhook.authorization).toBeUndefined()
  })

  it.each([
    ['a flow mapping', '{X-A: 1, X-B: two}', { 'X-A': '1', 'X-B': 'two' }],
    [
      'quoted keys, escapes and comments',
      "\"X-A\": \"tab\\there\" # why\n'X-B': 'it''s'",
      { 'X-A': 'tab\there', 'X-B': "it's" }
    ],
    [
      'values as written',
      'X-A: 2.0\nX-B: 0123\nX-C: ~\nX-D: null\nX-E: true',
      { 'X-A': '2.0', 'X-B': '0123', 'X-C': '~', 'X-D': 'null', 'X-E': 'true' }
    ]
  ])('reads headers written as YAML: %s', (_, headers, expected) => {
    expect(config({ headers }).config.headers).toEqual(expected)
  })

  it('keeps header values as written, lists included', () => {
    const headers = 'Accept: application/json\nX-Version: 2.0\nX-Id: 0123\nX-Flag: true\nX-Multi: [a, b]'
    expect(config({ headers }).config.headers).toEqual({
      Accept: 'application/json',
      'X-Version': '2.0',
      'X-Id': '0123',
      'X-Flag': 'true',
      'X-Multi': ['a', 'b']
    })
    expect(config({ headers: '{"X-Version": 2.0, "X-Multi": ["a", 1]}' }).config.headers).toEqual({
      'X-Version': '2.0',
      'X-Multi': ['a', '1']
    })
  })

  it.each([
    ['Authorization', 'Bearer abc.def.ghi'],
    ['authorization', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0'],
    ['Cookie', 'session=abc123def'],
    ['X-Api-Key', 'key-1234567'],
    ['X-Auth-Token', 'tok-1234567'],
    ['X-Client-Secret', 'shh-1234567'],
    ['X-Hub-Signature', 'sha256=abcdef123'],
    ['X-Password', 'hunter2hunter2'],
    ['X-Session-Id', 'sess-1234567'],
    ['X-Credential', 'cred-1234567'],
    ['PRIVATE-TOKEN', 'glpat-1234567']
  ])('registers the value of the credential header %s as a secret', (name, value) => {
    expect(config({ headers: `${name}: "${value}"` }).secrets).toContain(value)
  })

  it('registers every item of a credential header given as a list', () => {
    expect(config({ headers: 'X-Api-Key: [key-one-1, key-two-2]' }).secrets).toEqual(
      expect.arrayContaining(['key-one-1', 'key-two-2'])
    )
  })

  it('does not register ordinary header values', () => {
    const headers =
      'Accept: application/json\nX-Version: 2\nContent-Type: application/json\nUser-Agent: deployer/1.0\nX-Request-Id: 42'
    expect(config({ headers }).secrets).toEqual([])
  })

  it('registers the values of secret query parameters, not the others', () => {
    const { config: c, secrets } = config({
      url: `${URL_}?token=tok-abc123&sig=sig-xyz789&api_key=k-0000&page=2&env=prod`
    })
    expect(secrets).toEqual(expect.arrayContaining(['tok-abc123', 'sig-xyz789', 'k-0000']))
    expect(secrets).not.toContain('2')
    expect(secrets).not.toContain('prod')
    expect(c.webhook.url.searchParams.get('token')).toBe('tok-abc123')
  })

  it.each([
    ['{"ref": "main"}', 'application/json'],
    ['[1, 2]', 'application/json'],
    ['"text"', 'application/json'],
    ['42', 'application/json'],
    ['deploy please', 'text/plain; charset=utf-8'],
    ['{not json', 'text/plain; charset=utf-8']
  ])('sends the payload %j as %s', (payload, contentType) => {
    const body = config({ payload }).config.webhook.body
    expect(body?.contentType).toBe(contentType)
    expect(body?.bytes.toString()).toBe(payload)
  })

  it('sends no body without payload or payload-file', () => {
    expect(config({}).config.webhook.body).toBeUndefined()
  })

  it('keeps a Content-Type given in the headers', () => {
    const body = config({ headers: 'content-type: application/vnd.api+json', payload: '{"a": 1}' }).config.webhook.body
    expect(body?.contentType).toBe('application/vnd.api+json')
  })

  it('form-encodes a JSON object payload under a form Content-Type: numbers as written, lists repeat the key', () => {
    const body = config({
      headers: `Content-Type: ${FORM}`,
      payload: '{"version": 2.0, "tag": ["a", "b c"], "id": "0123"}'
    }).config.webhook.body
    expect(body?.bytes.toString()).toBe('version=2.0&tag=a&tag=b+c&id=0123')
    expect(body?.contentType).toBe(FORM)
  })

  it.each([
    ['body.json', '{"ref": "main", "n": 2.0}', 'application/json'],
    ['sub/body.txt', 'plain text', 'text/plain; charset=utf-8'],
    ['./sub/../body.json', '{"ref": "main", "n": 2.0}', 'application/json']
  ])('reads payload-file %j relative to the workspace', (file, content, contentType) => {
    const body = config({ 'payload-file': file }, workspace).config.webhook.body
    expect(body?.bytes.toString()).toBe(content)
    expect(body?.contentType).toBe(contentType)
  })

  it('reads an absolute payload-file as it is', () => {
    const body = config({ 'payload-file': path.join(workspace, 'body.json') }, tmpdir()).config.webhook.body
    expect(body?.bytes.toString()).toBe('{"ref": "main", "n": 2.0}')
  })
})

describe('readConfig: retries, codes, durations and sizes', () => {
  it('reads status code lists separated by commas and newlines', () => {
    const { config: c } = config({ 'fail-fast-status-codes': '500, 502\n504', 'retry-status-codes': '404\n409,' })
    expect([...c.failFastStatusCodes].sort()).toEqual([500, 502, 504])
    expect([...c.retryStatusCodes].sort()).toEqual([404, 409])
  })

  it.each(['none', 'NONE'])('reads fail-fast-status-codes %j as no codes (README: an empty input means 504)', none => {
    expect([...config({ 'fail-fast-status-codes': none }).config.failFastStatusCodes]).toEqual([])
  })

  it.each([
    ['0', 0],
    ['3', 3],
    ['12', 12]
  ])('reads retries %j as %d', (retries, expected) => {
    expect(config({ retries }).config.retries).toBe(expected)
  })

  it('reads durations and sizes', () => {
    const { config: c } = config({
      'wait-for-completion': 'true',
      'request-timeout': '30s',
      timeout: '1h30m',
      'poll-interval': '500ms',
      'wait-before-monitor': '90',
      'max-response-size': '512KB'
    })
    expect(c).toMatchObject({
      requestTimeoutMs: 30_000,
      timeoutMs: 5_400_000,
      pollInterval: 500,
      waitBeforeMonitorMs: 90_000,
      maxResponseBytes: 512 * 1024
    })
  })

  it.each(['0', '0s', '0ms'])('accepts wait-before-monitor %j', wait => {
    expect(config({ 'wait-for-completion': 'true', 'wait-before-monitor': wait }).config.waitBeforeMonitorMs).toBe(0)
  })

  it.each([
    ['1', 1],
    ['16MB', 16 * 1024 ** 2]
  ])('reads max-response-size %j', (size, bytes) => {
    expect(config({ 'max-response-size': size }).config.maxResponseBytes).toBe(bytes)
  })

  it('reads max-response-size up to 500MB and refuses more', () => {
    expect(config({ 'max-response-size': '500MB' }).config.maxResponseBytes).toBe(500 * 1024 ** 2)
    for (const size of ['501MB', '1GB']) {
      expect(inputError({ 'max-response-size': size }).message).toBe(
        `Input 'max-response-size' must be at most 500MB (got '${size}')`
      )
    }
  })
})

describe('readConfig: waiting', () => {
  it.each([
    ['get-method', 'get-method'],
    ['getMethod', 'get-method'],
    ['location-header', 'location-header'],
    ['locationHeader', 'location-header'],
    ['webhook-response', 'webhook-response'],
    ['webhookResponse', 'webhook-response']
  ])('accepts status-url-resolution %j', (resolution, expected) => {
    const { config: c } = config({
      'wait-for-completion': 'true',
      'status-url-resolution': resolution,
      'status-url-json-path': '$.links.status'
    })
    expect(c.statusUrlResolution).toBe(expected)
  })

  it.each(['same-origin', 'always', 'never'])('accepts status-headers %j', statusHeaders => {
    expect(config({ 'wait-for-completion': 'true', 'status-headers': statusHeaders }).config.statusHeaders).toBe(
      statusHeaders
    )
  })

  it.each([
    ['true', true],
    ['TRUE', true],
    ['False', false]
  ])('reads wait-for-completion %j', (text, value) => {
    expect(config({ 'wait-for-completion': text }).config.waitForCompletion).toBe(value)
  })

  it('takes monitor-only to imply wait-for-completion', () => {
    const { config: c, warnings } = config({ 'monitor-only': 'true', 'wait-for-completion': 'false', timeout: '5m' })
    expect(c.monitorOnly).toBe(true)
    expect(c.waitForCompletion).toBe(true)
    expect(warnings).toEqual([])
  })

  it('reads the status paths and lists', () => {
    const { config: c } = config({
      'wait-for-completion': 'true',
      'status-json-path': '$.status',
      'success-statuses': 'SUCCEEDED, done',
      'canceled-statuses': 'canceled',
      'terminal-statuses': 'failed\nerror',
      'progress-json-path': 'progress.message'
    })
    expect(c.statusJsonPath?.source).toBe('$.status')
    expect(c.progressJsonPath?.source).toBe('progress.message')
    expect(c.statuses.success.size).toBe(2)
    expect(c.statuses.canceled.size).toBe(1)
    expect(c.statuses.terminal.size).toBe(2)
  })

  it('accepts the same status twice in one list', () => {
    expect(() =>
      config({ 'wait-for-completion': 'true', 'status-json-path': '$.s', 'success-statuses': 'done, DONE' })
    ).not.toThrow()
  })

  it.each(['$.status', 'status', '$..id', '$.items[0].state', "$['a b']", '$.a[?(@.x == 1)].y', '$.a[*]', '$.a[0:2]'])(
    'accepts the JSONPath %j',
    jsonPath => {
      expect(() =>
        config({
          'wait-for-completion': 'true',
          'status-json-path': jsonPath,
          'success-statuses': 'ok',
          'progress-json-path': jsonPath
        })
      ).not.toThrow()
    }
  )

  it('warns once, naming them, about wait-only inputs given while not waiting', () => {
    const { warnings } = config({ timeout: '5m', 'status-headers': 'always', 'poll-interval': '10s' })
    expect(warnings).toHaveLength(1)
    for (const name of ['timeout', 'status-headers', 'poll-interval']) expect(warnings[0]).toContain(name)
  })

  it('does not warn about wait-only inputs while waiting', () => {
    expect(config({ 'wait-for-completion': 'true', timeout: '5m', 'status-headers': 'always' }).warnings).toEqual([])
  })

  it('does not warn about inputs left at their defaults', () => {
    expect(config({ timeout: '1h', 'status-headers': 'same-origin', 'poll-interval': 'auto' }).warnings).toEqual([])
  })

  it('warns that missing-status is ignored while not waiting, like the other wait inputs', () => {
    expect(config({ 'missing-status': 'running' }).warnings).toEqual([
      'missing-status applies only with wait-for-completion: true and is ignored'
    ])
  })

  it('warns that cancel-method and cancel-payload are ignored without a cancel-endpoint', () => {
    expect(config({ 'cancel-method': 'STOP', 'cancel-payload': '{"why": "x"}' }).warnings).toEqual([
      'cancel-method, cancel-payload apply only with cancel-endpoint and are ignored'
    ])
    expect(config({ 'cancel-method': 'POST' }).warnings).toEqual([])
  })

  it('reads poll-retry-limits counts up to 1,000,000 and refuses more', () => {
    const waiting = { 'wait-for-completion': 'true' }
    expect(config({ ...waiting, 'poll-retry-limits': '{404: 1000000}' }).config.pollRetryLimits).toEqual(
      new Map([[404, 1_000_000]])
    )
    expect(inputError({ ...waiting, 'poll-retry-limits': '{404: 1000001}' }).message).toBe(
      "Input 'poll-retry-limits' must map 404 to a whole number from 0 to 1000000 (got '1000001')"
    )
  })
})

describe('readConfig: cancel-endpoint', () => {
  it.each([
    ['https://example.com/jobs/hook', 'cancel', 'https://example.com/jobs/cancel'],
    ['https://example.com/jobs/hook', '/api/cancel', 'https://example.com/api/cancel'],
    ['https://example.com/jobs/hook', '../stop?now=1', 'https://example.com/stop?now=1'],
    ['https://example.com/jobs/hook', 'https://other.example/cancel', 'https://other.example/cancel']
  ])('resolves %s + %j to %s', (url, endpoint, expected) => {
    expect(config({ url, 'cancel-endpoint': endpoint }).config.cancel?.url.href).toBe(expected)
  })

  it('uses cancel-method (POST by default, any case) and sends cancel-payload like payload', () => {
    expect(config({ 'cancel-endpoint': 'cancel' }).config.cancel).toMatchObject({ method: 'POST' })
    const cancel = config({
      'cancel-endpoint': 'cancel',
      'cancel-method': 'delete',
      'cancel-payload': '{"reason": "ci"}'
    }).config.cancel
    expect(cancel?.method).toBe('DELETE')
    expect(cancel?.body?.contentType).toBe('application/json')
    expect(cancel?.body?.bytes.toString()).toBe('{"reason": "ci"}')
  })

  it('treats user info in cancel-endpoint like the url: Basic authentication, a secret, dropped from the URL', () => {
    const { config: c, secrets } = config({ 'cancel-endpoint': 'https://ops:cancel-pass@example.com/cancel' })
    const authorization = `Basic ${Buffer.from('ops:cancel-pass').toString('base64')}`
    expect(c.cancel?.authorization).toBe(authorization)
    expect(c.cancel?.url.href).toBe('https://example.com/cancel')
    expect(secrets).toEqual(expect.arrayContaining([authorization, 'cancel-pass']))
  })
})

describe('readConfig: outputs', () => {
  it('reads `name: JSONPath` entries', () => {
    const outputs = config({ outputs: 'build_id: $.id\nlog-url: links.log\nArtifact: "$[\'a b\']"' }).config.outputs
    expect(outputs.map(output => [output.name, output.path.source])).toEqual([
      ['build_id', '$.id'],
      ['log-url', 'links.log'],
      ['Artifact', "$['a b']"]
    ])
  })
})
