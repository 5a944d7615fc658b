// Decoding answers by their Content-Encoding, with max-response-size counted on decoded bytes
// (SPEC.md, "Compressed answers").

import { PassThrough, Readable } from 'node:stream'
import zlib from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'
import { ACCEPT_ENCODING, readDecodedBody, type BodyOutcome } from '../../src/http/decode.js'

const text = Buffer.from('{"status":"RUNNING","progress":42} '.repeat(200))

function read(body: Buffer | Buffer[], encoding: string | string[] | undefined, maxBytes = 1 << 20) {
  return readFrom(Readable.from(Array.isArray(body) ? body : [body]), encoding, maxBytes)
}

function readFrom(source: Readable, encoding: string | string[] | undefined, maxBytes: number) {
  return new Promise<BodyOutcome>(resolve => readDecodedBody(source, encoding, maxBytes, resolve))
}

/** One byte a chunk, so that headers and streams arrive split. */
const bytes = (buffer: Buffer): Buffer[] => [...buffer].map(byte => Buffer.from([byte]))

describe('readDecodedBody', () => {
  it('asks for the codings it decodes', () => {
    expect(ACCEPT_ENCODING).toBe('gzip, deflate, br')
  })

  it.each([
    ['gzip', zlib.gzipSync(text)],
    ['x-gzip', zlib.gzipSync(text)],
    ['GZip', zlib.gzipSync(text)],
    ['deflate (zlib-wrapped, RFC 1950)', zlib.deflateSync(text)],
    ['deflate (raw, as some servers send it)', zlib.deflateRawSync(text)],
    ['br', zlib.brotliCompressSync(text)]
  ])('decodes %s', async (label, encoded) => {
    const coding = label.split(' ')[0]
    expect(await read(encoded, coding)).toEqual({ body: text })
    expect(await read(bytes(encoded), coding)).toEqual({ body: text })
  })

  it('decodes stacked codings in the reverse order of their application', async () => {
    const gzipThenBr = zlib.brotliCompressSync(zlib.gzipSync(text))
    expect(await read(gzipThenBr, 'gzip, br')).toEqual({ body: text })
    const deflateThenGzip = zlib.gzipSync(zlib.deflateSync(text))
    expect(await read(deflateThenGzip, ' Deflate ,GZIP ')).toEqual({ body: text })
    expect(await read(deflateThenGzip, ['deflate', 'gzip'])).toEqual({ body: text })
    // The wrong order: br is undone first and fails on gzip data.
    expect(await read(gzipThenBr, 'br, gzip')).toMatchObject({
      failure: 'undecodable',
      message: "the answer's gzip body does not decode (incorrect header check)"
    })
  })

  it.each([undefined, '', 'identity', 'Identity, identity'])('passes %j through', async encoding => {
    expect(await read(text, encoding)).toEqual({ body: text })
  })

  it('reads identity among other codings as no coding', async () => {
    expect(await read(zlib.gzipSync(text), 'identity, gzip')).toEqual({ body: text })
  })

  it.each([
    ['zstd', 'zstd'],
    ['compress', 'compress'],
    ['gzip, zstd', 'zstd']
  ])('names a content coding it cannot decode: %s', async (encoding, coding) => {
    expect(await read(text, encoding)).toEqual({
      failure: 'undecodable',
      message: `the answer uses content coding '${coding}', which the action cannot decode`
    })
  })

  it('reads an empty body with a content coding as empty (HEAD, 204, 304)', async () => {
    for (const encoding of ['gzip', 'deflate', 'br', 'zstd']) {
      expect(await read([], encoding)).toEqual({ body: Buffer.alloc(0) })
    }
  })

  // Truncated: the server ended the body early but framed it as whole.
  it.each([
    ['gzip', 'not gzip', Buffer.from('not gzip at all'), 'incorrect header check'],
    ['gzip', 'truncated', zlib.gzipSync(text).subarray(0, 40), 'unexpected end of file'],
    ['deflate', 'not deflate', Buffer.from('not deflate either'), 'invalid block type'],
    ['deflate', 'truncated', zlib.deflateSync(text).subarray(0, 30), 'unexpected end of file'],
    ['deflate', 'one byte', Buffer.from([0x78]), 'unexpected end of file'],
    ['br', 'not br', Buffer.from('not brotli'), 'Decompression failed'],
    ['br', 'truncated', zlib.brotliCompressSync(text).subarray(0, 20), 'unexpected end of file']
  ])('names the encoding of a %s body that does not decode: %s', async (encoding, _label, body, reason) => {
    expect(await read(body, encoding)).toEqual({
      failure: 'undecodable',
      message: `the answer's ${encoding} body does not decode (${reason})`
    })
  })

  it('finds a corrupted gzip body by its checksum', async () => {
    const encoded = zlib.gzipSync(text)
    encoded[encoded.length - 6] ^= 0xff
    expect(await read(encoded, 'gzip')).toMatchObject({
      failure: 'undecodable',
      message: "the answer's gzip body does not decode (incorrect data check)"
    })
  })

  describe('max-response-size counts decoded bytes', () => {
    it('takes a body of exactly the cap and refuses one byte more', async () => {
      const encoded = zlib.gzipSync(text)
      expect(await read(encoded, 'gzip', text.length)).toEqual({ body: text })
      expect(await read(encoded, 'gzip', text.length - 1)).toEqual({
        failure: 'too-large',
        message: 'the answer decodes to more than max-response-size (6.8 KB)'
      })
      expect(await read(text, undefined, text.length)).toEqual({ body: text })
      expect(await read(bytes(text.subarray(0, 11)), undefined, 10)).toEqual({
        failure: 'too-large',
        message: 'the answer is larger than max-response-size (10 B)'
      })
    })

    it('takes an encoded body larger than the cap that decodes within it', async () => {
      const random = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 7919) % 251))
      const encoded = zlib.gzipSync(random)
      expect(encoded.length).toBeGreaterThan(100)
      expect(await read(encoded, 'gzip', 100)).toEqual({ body: random })
    })

    // 64 gzip members of 16 MB of zeros: 1 GB from 1 MB (a multi-member body is still gzip).
    const member = zlib.gzipSync(Buffer.alloc(16 << 20))
    const members = 64

    it('stops reading a gzip bomb as soon as the cap passes', async () => {
      let sent = 0
      const source = Readable.from(
        (function* () {
          for (let i = 0; i < members; i++) {
            sent += member.length
            yield member
          }
        })()
      )
      const outcome = await readFrom(source, 'gzip', 1 << 20)
      expect(outcome).toMatchObject({ failure: 'too-large' })
      // 1 MB decoded needs one member; backpressure holds the rest back.
      expect(sent).toBeLessThanOrEqual(4 * member.length)
      expect(source.destroyed).toBe(true)
    })

    /**
     * The compressed bytes each decoder the read makes takes in (zlib's bytesWritten): how far
     * it got into the bomb before the cap stopped it. decode.ts takes zlib from
     * process.getBuiltinModule, the module object spied on here.
     */
    async function readWatchingDecoders(
      bomb: Buffer,
      encoding: string
    ): Promise<{ outcome: BodyOutcome; taken: number[] }> {
      const decoders: zlib.Zlib[] = []
      const spies = (['createGunzip', 'createBrotliDecompress'] as const).map(name => {
        const create = zlib[name] as (options?: object) => zlib.Zlib
        return vi.spyOn(zlib, name).mockImplementation(((options?: object) => {
          const decoder = create(options)
          decoders.push(decoder)
          return decoder
        }) as never)
      })
      try {
        const outcome = await read(bomb, encoding, 1 << 20)
        return { outcome, taken: decoders.map(decoder => decoder.bytesWritten) }
      } finally {
        for (const spy of spies) spy.mockRestore()
      }
    }

    it('stops inflating in the middle of one chunk, holding little memory', async () => {
      const bomb = Buffer.concat(Array.from({ length: members }, () => member))
      expect(bomb.length).toBeLessThan(1.1 * (1 << 20))
      const before = process.memoryUsage()
      let peak = 0
      const sample = (): void => {
        const { rss } = process.memoryUsage()
        peak = Math.max(peak, rss - before.rss)
      }
      const sampler = setInterval(sample, 1)
      const { outcome, taken } = await readWatchingDecoders(bomb, 'gzip')
      clearInterval(sampler)
      sample()
      expect(outcome).toEqual({
        failure: 'too-large',
        message: 'the answer decodes to more than max-response-size (1 MB)'
      })
      // The whole bomb is one chunk; 1 MB decoded lies in its first member of 64.
      expect(taken).toHaveLength(1)
      expect(taken[0]).toBeLessThanOrEqual(2 * member.length)
      expect(peak).toBeLessThan(64 << 20)
    })

    it('stops a bomb under another coding too', async () => {
      const gzipped = Buffer.concat(Array.from({ length: members }, () => member))
      const { outcome, taken } = await readWatchingDecoders(zlib.brotliCompressSync(gzipped), 'gzip, br')
      expect(outcome).toMatchObject({ failure: 'too-large' })
      // Brotli's output feeds gunzip, which stops within the first members of 64.
      const [, gunzip] = taken
      expect(gunzip).toBeLessThanOrEqual(4 * member.length)
    })
  })

  describe('a source that fails', () => {
    it('broke off when it errs', async () => {
      const source = new PassThrough()
      const outcome = readFrom(source, 'gzip', 1 << 20)
      source.write(zlib.gzipSync(text).subarray(0, 40))
      source.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
      expect(await outcome).toMatchObject({ failure: 'broke-off', message: 'the answer broke off (aborted)' })
    })

    it('broke off when it is destroyed before its end (a deadline, an abort)', async () => {
      const source = new PassThrough()
      const outcome = readFrom(source, undefined, 1 << 20)
      source.write('partial')
      source.destroy()
      expect(await outcome).toEqual({ failure: 'broke-off', message: 'the answer broke off before its end' })
    })
  })

  // The caller's own 'close' handler must find the exchange settled with the right failure.
  it('reports once, before its teardown closes the source', async () => {
    const source = new PassThrough()
    const events: string[] = []
    readDecodedBody(source, 'gzip', 10, outcome => events.push('failure' in outcome ? outcome.failure : 'body'))
    source.on('close', () => events.push('close'))
    source.write(zlib.gzipSync(text))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(events).toEqual(['too-large', 'close'])
  })
})
