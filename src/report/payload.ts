// Bodies in the job summary, each a folded block: the payload the webhook call sent, as Spinnaker's
// stage details show it, and the build info. Secrets are masked, JSON is indented, and a body is
// cut well below the summary's 1 MiB limit, with a title that says so.

import { isUtf8 } from 'node:buffer'
import { readPayload, type Payload, type RequestBody } from '../body.js'
import { formatBytes } from '../formats.js'
import type { Secrets } from '../redact.js'

/** A body shown is cut here. */
export const MAX_SUMMARY_BODY = 64 * 1024

const FORM = 'application/x-www-form-urlencoded'

/** The folded block of the body the webhook call sent; none when it sent no body. */
export function payloadBlock(body: RequestBody | undefined, secrets: Secrets): string[] {
  if (!body || body.bytes.length === 0) return []
  if (!isUtf8(body.bytes)) return folded('Payload', `${formatBytes(body.bytes.length)} binary`, '(not shown)', 'text')
  const payload = readPayload(body.bytes)
  const isForm = body.contentType.split(';')[0].trim().toLowerCase() === FORM
  if (isForm) return bodyBlock('Payload', payload, 'form', maskForm(payload.text, secrets))
  return bodyBlock('Payload', payload, payload.isJson ? 'JSON' : 'text', shownText(payload, secrets))
}

/** The folded block of the build info; none when it is empty. */
export function buildInfoBlock(buildInfo: Payload | undefined, secrets: Secrets): string[] {
  if (!buildInfo || buildInfo.bytes === 0) return []
  return bodyBlock('Build info', buildInfo, buildInfo.isJson ? 'JSON' : 'text', shownText(buildInfo, secrets))
}

/** A body's text with secrets masked: JSON indented, masked inside its strings. */
function shownText(payload: Payload, secrets: Secrets): string {
  if (payload.isJson) {
    try {
      return JSON.stringify(secrets.redactJson(payload.json), null, 2)
    } catch {
      // Nested deeper than JSON.stringify can go: the text as received.
    }
  }
  return secrets.redact(payload.text)
}

/**
 * A form body with each name and value masked as it reads decoded: a secret with a space or a `+`
 * in it is percent-encoded on the wire, where masking the text alone would miss it.
 */
function maskForm(text: string, secrets: Secrets): string {
  const form = new URLSearchParams(text)
  const masked = new URLSearchParams()
  let changed = false
  for (const [name, value] of form) {
    const [shownName, shownValue] = [secrets.redact(name), secrets.redact(value)]
    changed ||= shownName !== name || shownValue !== value
    masked.append(shownName, shownValue)
  }
  // As sent, unless something had to be masked: then written anew (`***` needs no encoding).
  return secrets.redact(changed ? masked.toString() : text)
}

function bodyBlock(title: string, payload: Payload, kind: string, text: string): string[] {
  const cut = Buffer.byteLength(text) > MAX_SUMMARY_BODY
  // Cut on a character boundary: a split UTF-8 sequence decodes as U+FFFD, dropped here.
  const shown = cut
    ? Buffer.from(text)
        .subarray(0, MAX_SUMMARY_BODY)
        .toString('utf8')
        .replace(/\uFFFD$/, '')
    : text
  const size = `${formatBytes(payload.bytes)} ${kind}${cut ? `, first ${formatBytes(MAX_SUMMARY_BODY)} shown` : ''}`
  return folded(title, size, shown, kind === 'JSON' ? 'json' : 'text')
}

function folded(title: string, size: string, text: string, language: string): string[] {
  return [`<details><summary>${title} (${size})</summary>`, '', fence(text, language), '', '</details>', '']
}

/** A fenced code block longer than any fence in the text. */
function fence(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map(run => run.length))
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}${language}\n${text}\n${ticks}`
}
