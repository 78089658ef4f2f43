/**
 * How the Studio API answers: JSON always. Success is `{success: true, …}`; failure is
 * `{success: false, error, code}` with an HTTP status — the shape Edge Impulse's generated client
 * (`edge-impulse-api`) reads: it throws `body.error` for a non-2xx answer and for `success: false`.
 * `code` is edgesign's stable `E_…` code (Edge Impulse's own answers have none; clients ignore it).
 * @module
 */
import type { ServerResponse } from 'node:http';

/** A Studio API refusal: thrown by handlers, answered as `{success:false, error, code}`. */
export class StudioError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const studioError = (status: number, code: string, message: string) => new StudioError(status, code, message);

/** A successful answer: a JSON body (`success: true` is added) or raw bytes. */
export type StudioAnswer = { json: Record<string, unknown> } | { bytes: Uint8Array; contentType: string };

export const ok = (body: Record<string, unknown> = {}): StudioAnswer => ({ json: { success: true, ...body } });

export function sendStudio(res: ServerResponse, answer: StudioAnswer | StudioError): void {
  if (res.headersSent || res.destroyed) return;
  let status = 200;
  let contentType = 'application/json; charset=utf-8';
  let body: Uint8Array;
  if (answer instanceof StudioError) {
    status = answer.status;
    body = Buffer.from(JSON.stringify({ success: false, error: answer.message, code: answer.code }), 'utf8');
  } else if ('json' in answer) {
    body = Buffer.from(JSON.stringify(answer.json), 'utf8');
  } else {
    body = answer.bytes;
    contentType = answer.contentType;
  }
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length) });
  res.end(body);
}
