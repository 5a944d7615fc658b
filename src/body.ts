// Bodies: what a request sends (content type rules, form encoding) and what an answer holds.

import { isUtf8 } from 'node:buffer'
import { parseMapping } from './mapping.js'

export interface RequestBody {
  bytes: Buffer
  /** The Content-Type to send when the headers do not set one. */
  contentType: string
}

const FORM = 'application/x-www-form-urlencoded'

/**
 * A payload as it goes on the wire. JSON text is sent as `application/json`, other text as
 * `text/plain`; with a form Content-Type, a JSON object is sent form-encoded.
 * Throws MappingError when a form payload holds nested values.
 */
export function encodeBody(payload: Buffer, contentTypeHeader: string | undefined): RequestBody {
  // A byte-order mark is not sent: JSON must not start with one (RFC 8259), and text needs none.
  if (payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf) payload = payload.subarray(3)
  const text = isUtf8(payload) ? payload.toString('utf8') : undefined
  const json = text !== undefined && isJsonText(text)
  if (contentTypeHeader !== undefined) {
    const mediaType = contentTypeHeader.split(';')[0].trim().toLowerCase()
    if (mediaType === FORM && json && text.trim().startsWith('{')) {
      const form = new URLSearchParams()
      for (const [key, value] of parseMapping(text)) {
        for (const item of Array.isArray(value) ? value : [value]) form.append(key, item)
      }
      return { bytes: Buffer.from(form.toString()), contentType: contentTypeHeader }
    }
    return { bytes: payload, contentType: contentTypeHeader }
  }
  const contentType = json
    ? 'application/json'
    : text !== undefined
      ? 'text/plain; charset=utf-8'
      : 'application/octet-stream'
  return { bytes: payload, contentType }
}

export function isJsonText(text: string): boolean {
  return parseJson(text) !== NOT_JSON
}

/** What an answer's body holds: its text, and its JSON value when it is JSON. */
export interface Payload {
  readonly text: string
  readonly json: unknown
  readonly isJson: boolean
  readonly bytes: number
}

export const EMPTY_PAYLOAD: Payload = { text: '', json: undefined, isJson: false, bytes: 0 }

/** Bodies are read as UTF-8 and parsed as JSON whenever they are JSON, whatever their Content-Type. */
export function readPayload(body: Buffer): Payload {
  if (body.length === 0) return EMPTY_PAYLOAD
  // A byte-order mark is not part of the text (RFC 8259 lets a JSON reader skip it).
  const text = body.toString('utf8').replace(/^\uFEFF/, '')
  const json = parseJson(text)
  return json === NOT_JSON
    ? { text, json: undefined, isJson: false, bytes: body.length }
    : { text, json, isJson: true, bytes: body.length }
}

/** The document JSONPath reads: the JSON value, or the text of a body that is not JSON. */
export function documentOf(payload: Payload): unknown {
  return payload.isJson ? payload.json : payload.text
}

const NOT_JSON = Symbol('not JSON')

function parseJson(text: string): unknown {
  // Most text that is not JSON is told apart by its first character, without an exception.
  if (!/^\s*[[{"\d tfn-]/.test(text)) return NOT_JSON
  try {
    return JSON.parse(text) as unknown
  } catch {
    return NOT_JSON
  }
}
