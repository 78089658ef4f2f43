/**
 * `multipart/form-data` bodies of the data endpoints (format.md §2.4): one data acquisition message
 * plus its attachment(s). Official clients name the parts differently (`body`/`attachments`,
 * `attachments[]`, `message`/`image`) and the Python SDK labels JSON as `application/cbor`, so parts
 * are told apart by their bytes and content type, never by field name.
 *
 * Parsing uses busboy 1.6 over the already size-checked body. Part bytes are recovered exactly: file
 * parts are bytes already; busboy decodes non-file parts (no filename, not octet-stream) to strings,
 * so the default charset is latin1 (lossless) and the recovered bytes are checked against the raw
 * body, refusing (rather than storing or verifying altered bytes) a part whose declared charset lost
 * information.
 * @module
 */
import busboy from 'busboy';
import { EdgesignError, parseAttachmentReference, type AttachmentReference } from 'edgesign';

export interface Part {
  /** The form field name (informational only). */
  name: string;
  filename: string | undefined;
  /** Declared content type (`text/plain` when a part declares none, as RFC 7578 says). */
  mimeType: string;
  bytes: Uint8Array;
}

/** Most parts one body may have (Edge Impulse keeps only the first attachment anyway). */
export const MAX_PARTS = 64;

/** Splits a multipart body into its parts. Throws `E_MULTIPART` for a body busboy cannot parse. */
export function parseMultipart(body: Uint8Array, contentType: string): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    const raw = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        defCharset: 'latin1',
        limits: { parts: MAX_PARTS, fieldSize: Infinity, fileSize: Infinity, fieldNameSize: 1024 },
      });
    } catch (e) {
      reject(new EdgesignError('E_MULTIPART', `cannot parse the multipart body: ${(e as Error).message}`));
      return;
    }
    const parts: Array<Part | Promise<Part>> = [];
    let failed: EdgesignError | null = null;
    const fail = (e: EdgesignError) => {
      failed ??= e;
    };
    bb.on('file', (name, stream, info) => {
      parts.push(
        new Promise<Part>((res, rej) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', rej);
          stream.on('end', () => res({ name, filename: info.filename, mimeType: info.mimeType.toLowerCase(), bytes: Buffer.concat(chunks) }));
        }),
      );
    });
    bb.on('field', (name, value, info) => {
      const bytes = exactFieldBytes(value, raw);
      if (bytes === null) {
        fail(
          new EdgesignError(
            'E_MULTIPART',
            `part ${JSON.stringify(name)} declares a charset its bytes do not follow, so they cannot be recovered exactly: send it as a file part`,
          ),
        );
        return;
      }
      parts.push({ name, filename: undefined, mimeType: info.mimeType.toLowerCase(), bytes });
    });
    bb.on('partsLimit', () => fail(new EdgesignError('E_MULTIPART', `a multipart body has at most ${MAX_PARTS} parts`)));
    bb.on('error', (e: Error) => reject(new EdgesignError('E_MULTIPART', `cannot parse the multipart body: ${e.message}`)));
    bb.on('close', () => {
      Promise.all(parts).then(
        (ps) => (failed ? reject(failed) : resolve(ps)),
        (e: Error) => reject(new EdgesignError('E_MULTIPART', `cannot parse the multipart body: ${e.message}`)),
      );
    });
    bb.end(raw);
  });
}

/**
 * The bytes a non-file part had on the wire: busboy decoded them with latin1 (lossless) unless the part
 * declared a charset. Whichever encoding gives bytes that occur in the raw body is the right one; if
 * none does, decoding lost information and null is returned.
 */
function exactFieldBytes(value: string, raw: Buffer): Uint8Array | null {
  if (value === '') return new Uint8Array(0);
  let latin1Possible = true;
  let ascii = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7f) ascii = false;
    if (c > 0xff) {
      latin1Possible = false;
      break;
    }
  }
  if (ascii) return Buffer.from(value, 'latin1');
  if (latin1Possible) {
    const b = Buffer.from(value, 'latin1');
    if (raw.indexOf(b) !== -1) return b;
  }
  const u = Buffer.from(value, 'utf8');
  if (!value.includes('\uFFFD') && raw.indexOf(u) !== -1) return u;
  return null;
}

const MESSAGE_TYPES = new Set(['application/json', 'application/cbor', 'text/json']);
const JSON_WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** True when `bytes` look like a data acquisition message: a JSON object or a CBOR map naming its three members. */
export function looksLikeMessage(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3; // a BOM: let the verifier say why it is wrong
  while (i < bytes.length && JSON_WS.has(bytes[i]!)) i++;
  const first = bytes[i];
  if (first === undefined) return false;
  const isJson = first === 0x7b; // '{'
  const isCborMap = (first >= 0xa0 && first <= 0xbb) || first === 0xbf;
  if (!isJson && !isCborMap) return false;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.includes('protected') && buf.includes('signature') && buf.includes('payload');
}

/**
 * Picks the message part: the first part whose bytes look like a message, preferring parts declared as
 * JSON or CBOR. The other parts are attachments. Throws `E_MESSAGE_MISSING` when no part is a message.
 */
export function pickMessagePart(parts: readonly Part[]): { message: Part; attachments: Part[] } {
  const candidates = parts.filter((p) => looksLikeMessage(p.bytes));
  const message = candidates.find((p) => MESSAGE_TYPES.has(p.mimeType)) ?? candidates[0];
  if (!message) {
    throw new EdgesignError(
      'E_MESSAGE_MISSING',
      'the multipart body has no data acquisition message part (a JSON or CBOR document with protected, signature and payload)',
    );
  }
  return { message, attachments: parts.filter((p) => p !== message) };
}

/** The attachment parts a message's `Ref-BINARY-<mime> (<n> bytes) <hmac>` references name, in order. */
export function attachmentRefs(payload: unknown): AttachmentReference[] {
  const values = (payload as { values?: unknown } | null | undefined)?.values;
  if (!Array.isArray(values)) return [];
  const out: AttachmentReference[] = [];
  for (const v of values) {
    const ref = parseAttachmentReference(v);
    if (ref) out.push(ref);
  }
  return out;
}

/** The attachment a reference names: the first unused part of its content type, else the first unused part. */
export function pickAttachment(attachments: readonly Part[], ref: AttachmentReference, used: ReadonlySet<Part> = new Set()): Part | undefined {
  const free = attachments.filter((p) => !used.has(p));
  const mime = ref.mime.toLowerCase();
  return free.find((p) => p.mimeType === mime) ?? free[0];
}
