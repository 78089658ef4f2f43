/**
 * edgesign: sign and verify Edge Impulse data acquisition messages with one zero-allocation
 * WebAssembly core. This entry is runtime-neutral (Node, browsers, Deno, Bun); the ingestion service
 * lives in the `edgesign-server` package.
 * @module
 */
export { EdgesignError, isEdgesignError, type EdgesignErrorCode } from './errors.js';
export { sha256, hmacSha256, HmacSha256, Sha256, toHex } from './hmac.js';
export { WASM_SHA256 } from './wasm/bytes.js';
export { messageContentType, type MessageContentType } from './verify/content-type.js';
export {
  createSigner, assembleStream, patchSignature, MessageStream, OCTET_STREAM,
  type Signer, type SignerOptions, type SignOptions, type Sensor, type Encoding, type StreamEnd,
  type SampleValues, type TypedSamples,
} from './signer.js';
export { signAttachment, type AttachmentOptions, type SignedAttachment } from './attachment.js';
export {
  verifyMessage, createVerifier, verifyAttachment, parseAttachmentReference, createReplayGuard, constantTimeEqual,
  type VerifyOptions, type VerifyKey, type VerifyResult, type VerifySuccess, type VerifyFailure, type VerifyErrorCode,
  type Verifier, type BinaryTail, type AttachmentReference, type AttachmentResult, type ReplayGuard,
  type ReplayGuardOptions, type Payload, type ProtectedHeader, type UnauthenticatedMessage,
} from './verify.js';
