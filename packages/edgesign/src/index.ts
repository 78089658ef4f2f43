/**
 * edgesign: sign and verify Edge Impulse data acquisition messages with one zero-allocation
 * WebAssembly core. This entry is runtime-neutral (Node, browsers, Deno, Bun); the ingestion service
 * lives in the `edgesign-server` package.
 * @module
 */
export { EdgesignError, isEdgesignError } from './errors.js';
export { ERROR_CODES, isErrorCode, type EdgesignErrorCode, type ErrorArea, type ErrorCodeInfo } from './error-codes.js';
export { ready } from './ready.js';
export { hmacSha256, HmacSha256 } from './hash/hmac-sha256.js';
export { sha256, Sha256 } from './hash/sha256.js';
export { toHex } from './encoding.js';
export { WASM_SHA256 } from './wasm/embedded-module.js';
export { messageContentType, type MessageContentType } from './verify/content-type.js';
export {
  createSigner, assembleStream, patchSignature, MessageStream, OCTET_STREAM,
  type Signer, type SignerOptions, type SignOptions, type Sensor, type Encoding, type StreamEnd,
  type SampleValues, type TypedSamples,
} from './sign/signer.js';
export { signAttachment, type AttachmentOptions, type SignedAttachment } from './sign/attachment-message.js';
export {
  verifyMessage, createVerifier, verifyAttachment, parseAttachmentReference, attachmentReferences, createReplayGuard, constantTimeEqual,
  type VerifyOptions, type VerifyKey, type VerifyResult, type VerifySuccess, type VerifyFailure, type VerifyErrorCode,
  type Verifier, type BinaryTail, type AttachmentReference, type AttachmentResult, type ReplayGuard,
  type ReplayGuardOptions, type Payload, type ProtectedHeader, type UnauthenticatedMessage,
} from './verify/verify-message.js';
