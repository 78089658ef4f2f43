/**
 * Worker-thread entry of the upload checks (`upload-check-pool.ts`): runs {@link checkUpload} on the
 * bodies it is sent, one at a time, and posts each verdict back under the job's id with the body. Its verifier and
 * keyed HMACs stay cached in this thread between jobs (see `verification.ts`).
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkUpload, type UploadJob, type UploadSettings } from './upload-check.js';

/** A job as the pool posts it. */
export interface JobMessage {
  id: number;
  job: UploadJob;
}

/** What the thread posts back: the verdict with the body (moved back), or the message of an unexpected exception. */
export type ResultMessage = { id: number; verdict: ReturnType<typeof checkUpload>; body: Uint8Array } | { id: number; error: string };

const settings = workerData as UploadSettings;
const port = parentPort!;

port.on('message', ({ id, job }: JobMessage) => {
  let reply: ResultMessage;
  try {
    reply = { id, verdict: checkUpload(job, settings), body: job.body };
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies ResultMessage);
    return;
  }
  // The body arrived moved (its ArrayBuffer is this thread's alone) and goes back the same way: the
  // main thread stores these bytes. Nothing here keeps a view of them.
  port.postMessage(reply, [job.body.buffer as ArrayBuffer]);
});
