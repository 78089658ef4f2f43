/**
 * `multipart/form-data` bodies of the data endpoints (format §2.4, https://github.com/edgesign/edgesign/blob/main/docs/format.md; RFC 7578): split byte-exactly,
 * strictly, over the already size-checked body in memory.
 *
 * Every part is a view of the body's own bytes (never text decoded and re-encoded), and every byte of
 * the body belongs to something the service accounts for: a preamble or epilogue other than
 * whitespace, a part without a `form-data` disposition, a `content-transfer-encoding` other than
 * identity, and part headers that don't parse are `E_MULTIPART`. What a stored raw body holds beyond
 * the message and its attachments is therefore only the framing (boundaries and part headers).
 *
 * A streaming parser (busboy) was used before; it decodes non-file parts to strings and silently skips
 * parts it doesn't understand while their bytes stay in the stored body, which is what this replaces.
 * @module
 */
import { EdgesignError } from 'edgesign';

export interface Part {
  /** The form field name (informational only: clients name the parts differently). */
  name: string;
  filename: string | undefined;
  /** Declared media type, lowercased, without parameters (`text/plain` when none is declared, RFC 7578 §4.4). */
  mimeType: string;
  /** Whether the part declared a content type at all. */
  typed: boolean;
  /** The part's content: a view of the body, byte for byte as sent. */
  bytes: Uint8Array;
}

/** Most parts one body may have. */
export const MAX_PARTS = 64;
/** Largest header block of one part. */
const MAX_PART_HEADER_BYTES = 8 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');

function bad(message: string): EdgesignError {
  return new EdgesignError('E_MULTIPART', message);
}

/** The `boundary` parameter of a multipart content type (RFC 2046 §5.1.1: 1–70 characters), or null. */
export function multipartBoundary(contentType: string): string | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^;\s"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return m ? (m[1] ?? m[2])! : null;
}

/** True for bytes that may stand in a preamble or an epilogue (whitespace only: nothing is hidden there). */
function onlyWhitespace(b: Uint8Array): boolean {
  for (const c of b) if (c !== CR && c !== LF && c !== 0x20 && c !== 0x09) return false;
  return true;
}

/** Index just past RFC 2046's transport-padding (`*LWSP-char`) from `i`. */
function skipPadding(b: Uint8Array, i: number): number {
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09)) i++;
  return i;
}

/**
 * Splits a multipart body into its parts (RFC 2046 §5.1.1):
 * `dash-boundary padding CRLF part *(CRLF dash-boundary padding CRLF part) CRLF dash-boundary "--" padding [CRLF epilogue]`.
 * Throws `E_MULTIPART` for anything else.
 */
export function splitMultipart(body: Uint8Array, contentType: string): Part[] {
  const boundary = multipartBoundary(contentType);
  if (boundary === null) throw bad('a multipart/form-data content type needs a boundary (1 to 70 characters)');
  const raw = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.concat([CRLF, dashBoundary]);

  // The first boundary, after a preamble that may only be whitespace.
  let at = raw.indexOf(dashBoundary);
  if (at === -1) throw bad('the body does not contain its boundary');
  if (at > 0 && !(onlyWhitespace(raw.subarray(0, at)) && raw[at - 1] === LF && raw[at - 2] === CR)) {
    throw bad('the body has content before its first boundary (a preamble)');
  }
  let pos = at + dashBoundary.length;
  const parts: Part[] = [];
  for (;;) {
    if (raw[pos] === DASH && raw[pos + 1] === DASH) {
      // close-delimiter, then padding and an optional epilogue that may only be whitespace.
      const rest = raw.subarray(skipPadding(raw, pos + 2));
      if (!onlyWhitespace(rest)) throw bad('the body has content after its closing boundary (an epilogue)');
      return parts;
    }
    pos = skipPadding(raw, pos);
    if (raw[pos] !== CR || raw[pos + 1] !== LF) throw bad('a boundary line must end with CRLF');
    pos += 2;
    if (parts.length === MAX_PARTS) throw bad(`a multipart body has at most ${MAX_PARTS} parts`);
    at = raw.indexOf(delimiter, pos);
    if (at === -1) throw bad('the body ends inside a part (no closing boundary)');
    parts.push(parsePart(raw.subarray(pos, at), parts.length));
    pos = at + delimiter.length;
  }
}

/** One body part: its header block (RFC 7578 §4.2 `content-disposition`, §4.4 `content-type`), then its content. */
function parsePart(part: Buffer, index: number): Part {
  let headerEnd: number;
  let contentStart: number;
  if (part[0] === CR && part[1] === LF) {
    headerEnd = 0; // no headers at all
    contentStart = 2;
  } else {
    headerEnd = part.indexOf(CRLFCRLF);
    if (headerEnd === -1) throw bad(`part ${index + 1} has no end to its headers`);
    contentStart = headerEnd + 4;
  }
  if (headerEnd > MAX_PART_HEADER_BYTES) throw bad(`part ${index + 1} has more than ${MAX_PART_HEADER_BYTES} bytes of headers`);
  const headers = new Map<string, string>();
  if (headerEnd > 0) {
    // Header values are read as latin1 (one character per byte): names and types are ASCII, and a
    // file name's bytes are only informational.
    for (const line of part.subarray(0, headerEnd).toString('latin1').split('\r\n')) {
      const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
      if (!m) throw bad(`part ${index + 1} has a malformed header line`);
      const name = m[1]!.toLowerCase();
      if (headers.has(name)) throw bad(`part ${index + 1} repeats its ${name} header`);
      headers.set(name, m[2]!);
    }
  }
  const disposition = headers.get('content-disposition');
  if (disposition === undefined) throw bad(`part ${index + 1} has no content-disposition header`);
  const disp = parseParameters(disposition);
  if (disp === null || disp.value !== 'form-data' || disp.params.get('name') === undefined) {
    throw bad(`part ${index + 1} is not a form-data part with a name`);
  }
  const cte = headers.get('content-transfer-encoding')?.toLowerCase();
  if (cte !== undefined && cte !== 'binary' && cte !== '8bit' && cte !== '7bit') {
    throw bad(`part ${index + 1} uses content-transfer-encoding ${cte}; send the bytes as they are (RFC 7578 §4.7)`);
  }
  const typeHeader = headers.get('content-type');
  let mimeType = 'text/plain';
  if (typeHeader !== undefined) {
    const t = parseParameters(typeHeader);
    if (t === null || !/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(t.value)) throw bad(`part ${index + 1} has a malformed content-type`);
    mimeType = t.value;
  }
  return {
    name: disp.params.get('name')!,
    filename: disp.params.get('filename') ?? disp.params.get('filename*'),
    mimeType,
    typed: typeHeader !== undefined,
    bytes: part.subarray(contentStart),
  };
}

/** `value; a=token; b="quoted \"string\""` → the lowercased value and its parameters (names lowercased), or null. */
function parseParameters(header: string): { value: string; params: Map<string, string> } | null {
  const m = /^\s*([^;\s]+)\s*/.exec(header);
  if (!m) return null;
  const params = new Map<string, string>();
  const re = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))\s*/y;
  re.lastIndex = m[0].length;
  while (re.lastIndex < header.length) {
    const p = re.exec(header);
    if (!p) return null;
    const name = p[1]!.toLowerCase();
    if (params.has(name)) return null;
    params.set(name, p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!);
  }
  return { value: m[1]!.toLowerCase(), params };
}
