/**
 * The two encodings of Edge Impulse's remote management protocol: "Messages can be encoded as JSON or
 * CBOR. The format of the Hello message sent by the device determines the encoding of the messages for
 * the rest of the session" (docs.edgeimpulse.com/tools/protocols/remote-management/websocket).
 *
 * JSON travels in text frames, CBOR (RFC 8949) in binary frames. A binary frame whose first byte is `{`
 * is JSON sent as bytes (Node clients that `send(Buffer)`): in CBOR that byte would start a 27-byte text
 * string, never a message (messages are maps, major type 5).
 * @module
 */
import { Decoder, Encoder } from 'cbor-x';

export type WireEncoding = 'json' | 'cbor';

// Plain maps with the smallest length header (RFC 8949 §4.2.1 preferred serialization of the head);
// no cbor-x record extension, which Edge Impulse's decoders would not know.
const encoder = new Encoder({ useRecords: false, variableMapSize: true, tagUint8Array: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** A decoded frame, or why it could not be read. */
export type Decoded = { ok: true; encoding: WireEncoding; message: unknown } | { ok: false; encoding: WireEncoding; error: string };

/** Reads one WebSocket frame as a protocol message. */
export function decodeFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Decoded {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  const encoding: WireEncoding = !isBinary || bytes[0] === 0x7b ? 'json' : 'cbor';
  try {
    const message = encoding === 'json' ? (JSON.parse(bytes.toString('utf8')) as unknown) : decoder.decode(bytes);
    return { ok: true, encoding, message };
  } catch (e) {
    return { ok: false, encoding, error: `not valid ${encoding === 'json' ? 'JSON' : 'CBOR'}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Encodes a message for a session: a string (text frame) for JSON, bytes (binary frame) for CBOR. */
export function encodeMessage(message: Record<string, unknown>, encoding: WireEncoding): string | Buffer {
  const clean = dropUndefined(message);
  return encoding === 'json' ? JSON.stringify(clean) : encoder.encode(clean);
}

/** CBOR would write `undefined` as simple value 23; JSON drops it. Drop it in both. */
function dropUndefined(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    out[k] = val !== null && typeof val === 'object' && !Array.isArray(val) && !(val instanceof Uint8Array) ? dropUndefined(val as Record<string, unknown>) : val;
  }
  return out;
}
