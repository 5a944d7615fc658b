// An answer's body, decoded as its Content-Encoding says, with max-response-size counted on the
// decoded bytes: a small gzip body can inflate to gigabytes, so decoding stops as soon as the cap
// passes instead of after the whole body is in memory.

import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { formatBytes } from '../formats.js'

/** Asked for when the user's headers set no Accept-Encoding: the codings readDecodedBody decodes. */
export const ACCEPT_ENCODING = 'gzip, deflate, br'

/**
 * too-large: the decoded body passed maxBytes; undecodable: an unknown content coding, or a
 * body that does not decode; broke-off: the source failed or closed before its end.
 */
export type BodyOutcome =
  { body: Buffer } | { failure: 'too-large' | 'undecodable' | 'broke-off'; message: string; cause?: Error }

type Coding = 'gzip' | 'deflate' | 'br'

/**
 * Reads source to its end and calls done once with the decoded body or a failure. done is called
 * synchronously when the failure shows, before the streams are torn down, so the caller's own
 * 'close' handlers (which see the teardown) find the exchange already settled. On a failure the
 * source is destroyed too. Destroying the source from outside (a deadline, an abort) ends it
 * as broke-off and stops the decoders.
 */
export function readDecodedBody(
  source: Readable,
  contentEncoding: string | string[] | undefined,
  maxBytes: number,
  done: (outcome: BodyOutcome) => void
): void {
  const codings = parseCodings(contentEncoding)
  const chunks: Buffer[] = []
  let size = 0
  let finished = false
  let sourceEnded = false
  // Built on the first byte: a HEAD, 204 or 304 answer names a coding for a body it does not
  // send, and an empty input is not a valid gzip or deflate stream.
  let stages: Transform[] | undefined

  const finish = (outcome: BodyOutcome): void => {
    if (finished) return
    finished = true
    done(outcome)
    if ('failure' in outcome) {
      for (const stage of stages ?? []) stage.destroy()
      source.destroy()
    }
  }
  const collect = (chunk: Buffer): void => {
    if (finished) return
    size += chunk.length
    if (size <= maxBytes) chunks.push(chunk)
    else {
      const limit = formatBytes(maxBytes)
      const message = codings.length
        ? `the answer decodes to more than max-response-size (${limit})`
        : `the answer is larger than max-response-size (${limit})`
      finish({ failure: 'too-large', message })
    }
  }
  const complete = (): void => finish({ body: Buffer.concat(chunks, size) })

  source.on('error', error =>
    finish({ failure: 'broke-off', message: `the answer broke off (${error.message})`, cause: error })
  )
  source.on('close', () => {
    if (!sourceEnded) finish({ failure: 'broke-off', message: 'the answer broke off before its end' })
  })
  source.on('end', () => {
    sourceEnded = true
    if (finished) return
    if (stages) stages[0].end()
    else complete()
  })
  source.on('data', (chunk: Buffer) => {
    if (finished) return
    if (!codings.length) return collect(chunk)
    if (!stages) {
      if (!chunk.length) return
      const unknown = codings.find(coding => !isKnown(coding))
      if (unknown) {
        const message = `the answer uses content coding '${unknown}', which the action cannot decode`
        return finish({ failure: 'undecodable', message })
      }
      stages = chain(codings as Coding[], collect, complete, (coding, error) =>
        finish({ failure: 'undecodable', message: `the answer's ${coding} body does not decode (${reason(error)})` })
      )
    }
    // Backpressure: a decoder whose output waits to be read takes no more input.
    if (!stages[0].write(chunk)) {
      source.pause()
      stages[0].once('drain', () => source.resume())
    }
  })
}

/** The codings of a Content-Encoding in the order they were applied, without identity. */
function parseCodings(contentEncoding: string | string[] | undefined): string[] {
  const list = Array.isArray(contentEncoding) ? contentEncoding.join(',') : (contentEncoding ?? '')
  return list
    .split(',')
    .map(coding => coding.trim().toLowerCase())
    .filter(coding => coding !== '' && coding !== 'identity')
    .map(coding => (coding === 'x-gzip' ? 'gzip' : coding))
}

// Only these on every Node version: Node 24's zlib also has zstd, Node 20's does not, and the
// action behaves the same on both.
function isKnown(coding: string): coding is Coding {
  return coding === 'gzip' || coding === 'deflate' || coding === 'br'
}

/** Decoders for codings applied in that order, so the last one applied is undone first. */
function chain(
  codings: Coding[],
  onData: (chunk: Buffer) => void,
  onEnd: () => void,
  onError: (coding: Coding, error: Error) => void
): Transform[] {
  const stages: Transform[] = []
  for (const coding of [...codings].reverse()) {
    const decoders = decodersFor(coding)
    for (const decoder of decoders) decoder.on('error', error => onError(coding, error))
    stages.push(...decoders)
  }
  for (let i = 0; i + 1 < stages.length; i++) stages[i].pipe(stages[i + 1])
  const last = stages[stages.length - 1]
  last.on('data', onData)
  last.on('end', onEnd)
  return stages
}

/**
 * node:zlib, loaded by the first coded answer: most runs get none, and loading zlib at start
 * costs every run. Synchronous, because the decoders are built inside a 'data' handler; not through
 * node:module, whose ES module namespace loads zlib, tls and worker_threads on Node 24.
 */
let zlib: typeof import('node:zlib') | undefined

function decodersFor(coding: Coding): Transform[] {
  zlib ??= process.getBuiltinModule('node:zlib')
  switch (coding) {
    case 'gzip':
      return [zlib.createGunzip()]
    case 'br':
      return [zlib.createBrotliDecompress()]
    case 'deflate':
      return [new ZlibWrapper(), zlib.createInflateRaw()]
  }
}

/**
 * `deflate` is the zlib format (RFC 1950) but some servers send raw deflate (RFC 1951): this takes
 * the 2-byte zlib header off when there is one, so both decode with inflateRaw. inflateRaw stops
 * at the end of the deflate data, so the zlib trailer (an Adler-32 checksum) goes unchecked.
 */
class ZlibWrapper extends Transform {
  private head: Buffer | undefined = Buffer.alloc(0)

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.head) return callback(null, chunk)
    const head = Buffer.concat([this.head, chunk])
    if (head.length < 2) {
      this.head = head
      return callback()
    }
    this.head = undefined
    callback(null, isZlibHeader(head) ? head.subarray(2) : head)
  }

  // A lone first byte goes on for inflateRaw to reject.
  override _flush(callback: TransformCallback): void {
    callback(null, this.head?.length ? this.head : undefined)
  }
}

// Compression method 8 (deflate), a window of at most 32 KB, the check bits right and no preset
// dictionary (the answer could not name one). Raw deflate never starts like this in practice: it
// would be a stored block with non-zero padding bits.
function isZlibHeader(head: Buffer): boolean {
  const [cmf, flg] = head
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0
}

// zlib's messages are short: 'incorrect header check', 'unexpected end of file', brotli's
// 'Decompression failed'.
function reason(error: Error): string {
  return error.message || ((error as NodeJS.ErrnoException).code ?? 'unknown error')
}
