/**
 * Messages that carry a file (an image, a video) as a multipart attachment: the message's `values` is
 * the reference string `Ref-BINARY-<mime> (<n> bytes) <hex HMAC of the file>`, signed with the same
 * key (format §2.4, https://github.com/edgesign/edgesign/blob/main/docs/format.md), and the file travels next to it in the same multipart request.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { describe, toHex } from '../encoding.js';
import { hmacSha256 } from '../hash/hmac-sha256.js';
import { createReferenceSigner, type Encoding, type SignOptions } from './signer.js';

/** Options of {@link signAttachment}: the key, the file, and the message fields around it. */
export interface AttachmentOptions extends SignOptions {
  /** The HMAC key (a string is its UTF-8 bytes, as Edge Impulse uses it); signs the file and the message. */
  hmacKey: string | Uint8Array;
  /** The file's bytes. */
  file: Uint8Array;
  /** Its media type, e.g. `image/jpeg`. */
  mime: string;
  /** `payload.device_type` (default `EDGE_IMPULSE_UPLOADER`, as Edge Impulse's uploader writes). */
  deviceType?: string;
  /** `payload.device_name`, e.g. a MAC address; omitted when not given. */
  deviceName?: string;
  /** Default `{ name: 'image', units: 'rgba' }`, as Edge Impulse's uploader writes it. */
  sensor?: { name: string; units: string };
  /** The message's encoding (default `json`). */
  encoding?: Encoding;
  /** Accept a key shorter than 32 bytes (default false: `E_KEY_TOO_SHORT`). */
  allowShortKey?: boolean;
}

/** What {@link signAttachment} returns: the signed message to send next to the file in one multipart request. */
export interface SignedAttachment {
  /** The signed message (the multipart part that carries the metadata). */
  message: Uint8Array<ArrayBuffer>;
  /** The message part's content type (`application/json` or `application/cbor`). */
  contentType: string;
  /** The reference string inside the message. */
  reference: string;
}

const MIME = /^[\w.+-]+\/[\w.+-]+$/;

/** Signs the message that accompanies `file` in a multipart upload. */
export function signAttachment(o: AttachmentOptions): SignedAttachment {
  if (!(o?.file instanceof Uint8Array)) throw new EdgesignError('E_SCHEMA', `file must be a Uint8Array, got ${describe(o?.file)}`, { path: 'file' });
  if (typeof o.mime !== 'string' || !MIME.test(o.mime)) throw new EdgesignError('E_SCHEMA', `mime must be a media type like image/jpeg, got ${describe(o.mime)}`, { path: 'mime' });
  const signer = createReferenceSigner({
    hmacKey: o.hmacKey,
    deviceType: o.deviceType ?? 'EDGE_IMPULSE_UPLOADER',
    ...(o.deviceName !== undefined ? { deviceName: o.deviceName } : {}),
    intervalMs: 0,
    sensors: [o.sensor ?? { name: 'image', units: 'rgba' }],
    encoding: o.encoding ?? 'json',
    ...(o.allowShortKey !== undefined ? { allowShortKey: o.allowShortKey } : {}),
  });
  const reference = `Ref-BINARY-${o.mime} (${o.file.length} bytes) ${toHex(hmacSha256(o.hmacKey, o.file))}`;
  const message = signer.signReference(reference, o.iat === undefined ? undefined : { iat: o.iat });
  return { message, contentType: signer.contentType, reference };
}
