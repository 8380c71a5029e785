import { createRequire } from 'node:module'
import { compress as zstdCompress, decompress as zstdDecompress } from '@mongodb-js/zstd'
import kafkajs from 'kafkajs'
import SnappyCodec from 'kafkajs-snappy'
import { compressFrame, decompressFrame } from 'lz4-napi'

/*
 * What kafkajs needs to read any producer's batches. It decodes only uncompressed and gzip batches by itself; a
 * snappy, lz4 or zstd batch (a Java producer's compression.type, or a topic's own) made it throw
 * KafkaJSNotImplemented on every fetch, so the partition stopped for good. The codecs come from well-kept packages
 * with prebuilt binaries or plain JavaScript (no compiler at install): kafkajs-snappy (snappyjs, with the xerial
 * framing Java uses), lz4-napi (LZ4 frames, the format Kafka writes since message format v1) and @mongodb-js/zstd.
 *
 * And so that no batch can ever stall a partition: a record batch that still cannot be decoded (a codec's failure,
 * a broken batch) becomes one placeholder message per offset it covers, marked `undecodable`, instead of failing the
 * whole fetch; the bus sends those to the DLQ (the first with the batch's bytes) and the partition goes on.
 */

function registerCodecs(): void {
  // Not named imports: Node's CommonJS interop does not see these two exports of kafkajs.
  const { CompressionCodecs, CompressionTypes } = kafkajs
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => compressFrame(encoder.buffer),
    decompress: async (buffer: Buffer) => decompressFrame(buffer),
  })
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => zstdCompress(encoder.buffer),
    decompress: async (buffer: Buffer) => zstdDecompress(buffer),
  })
}

/** Why a placeholder message stands where a batch could not be decoded; absent on every real message. */
export const UNDECODABLE = Symbol('callqa.undecodable')

// kafkajs 2.2.4 (pinned: it is the last release) decodes a partition's record batches in this module, and fails the
// whole fetch on the first batch it cannot decode. Every fetch version (4 to 11) loads it lazily, so replacing the
// module's export before the first fetch takes effect everywhere.
const require = createRequire(import.meta.url)
const DECODE_MESSAGES = require.resolve('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js')
type KafkaDecoder = { offset: number; readInt32(): number; readBytes(n: number): Buffer; canReadBytes(n: number): boolean }
type DecodeMessages = (decoder: KafkaDecoder) => Promise<object[]>
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => KafkaDecoder
const RecordBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: KafkaDecoder) => Promise<{ records: object[] }>

const MAGIC_OFFSET = 16
const RECORD_BATCH_MAGIC = 2
const RECORD_BATCH_OVERHEAD = 49

/** A batch's header fields (Kafka's RecordBatch v2 layout), readable even when its records are not. */
function batchHeader(batch: Buffer): { baseOffset: bigint; lastOffsetDelta: number; firstTimestamp: bigint; attributes: number } {
  return { baseOffset: batch.readBigInt64BE(0), attributes: batch.readInt16BE(21), lastOffsetDelta: batch.readInt32BE(23), firstTimestamp: batch.readBigInt64BE(27) }
}

function placeholders(batch: Buffer, err: unknown): object[] {
  const { baseOffset, lastOffsetDelta, firstTimestamp, attributes } = batchHeader(batch)
  const reason = `undecodable record batch (offsets ${baseOffset}–${baseOffset + BigInt(lastOffsetDelta)}, compression type ${attributes & 0x07}): ${err instanceof Error ? err.message : String(err)}`
  const records: object[] = []
  for (let delta = 0; delta <= lastOffsetDelta; delta++) {
    records.push({
      magicByte: RECORD_BATCH_MAGIC,
      attributes: 0,
      timestamp: firstTimestamp.toString(),
      offset: (baseOffset + BigInt(delta)).toString(),
      key: null,
      // The batch's own bytes travel with its first offset, so the DLQ keeps what the broker had.
      value: delta === 0 ? Buffer.from(batch) : null,
      headers: {},
      isControlRecord: false,
      batchContext: {},
      [UNDECODABLE]: reason,
    })
  }
  return records
}

/** kafkajs's own decoding; when it fails, the same batches again one by one, undecodable ones as placeholders. */
function guarded(original: DecodeMessages): DecodeMessages {
  return async (decoder) => {
    const start = decoder.offset
    try {
      return await original(decoder)
    } catch (err) {
      decoder.offset = start
      const size = decoder.readInt32()
      if (size <= 0 || !decoder.canReadBytes(size)) throw err
      const messages = decoder.readBytes(size)
      if (messages.readInt8(MAGIC_OFFSET) !== RECORD_BATCH_MAGIC) throw err
      const records: object[] = []
      for (let at = 0; messages.length - at >= RECORD_BATCH_OVERHEAD; ) {
        const end = at + 12 + messages.readInt32BE(at + 8)
        if (end > messages.length) break // a partial batch at the end of the fetch: fetched again next time
        const batch = messages.subarray(at, end)
        try {
          records.push(...(await RecordBatchDecoder(new Decoder(batch))).records)
        } catch (batchErr) {
          records.push(...placeholders(batch, batchErr))
        }
        at = end
      }
      return records
    }
  }
}

const GUARDED = Symbol.for('callqa.guarded')
require(DECODE_MESSAGES)
const loaded = require.cache[DECODE_MESSAGES]!
if (!(GUARDED in (loaded.exports as object))) loaded.exports = Object.assign(guarded(loaded.exports as DecodeMessages), { [GUARDED]: true })
registerCodecs()
