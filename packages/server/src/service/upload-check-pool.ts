/**
 * Runs the upload checks (`upload-check.ts`) without stalling the event loop: a body up to
 * `inlineMaxBytes` is checked on the spot (about a millisecond), a larger one in a pool of worker
 * threads (`upload-check-thread.ts`), one job per thread at a time, the others queued in arrival
 * order. While a thread parses and MACs a large body, the event loop keeps answering every other
 * request.
 *
 * A thread that dies (an exception outside the check, out of memory) fails only its own job
 * (`E_INTERNAL`); the next job starts a new thread.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { EdgesignError } from 'edgesign';
import { threadModuleUrl } from './thread-module.js';
import { checkUpload, type UploadJob, type UploadSettings, type Verdict } from './upload-check.js';
import type { JobMessage, ResultMessage } from './upload-check-thread.js';

export interface UploadCheckPoolOptions {
  /** Worker threads for large bodies; 0 checks everything on the event loop. */
  threads: number;
  /** Bodies up to this many bytes are checked on the event loop. */
  inlineMaxBytes: number;
}

interface Pending {
  id: number;
  job: UploadJob;
  resolve: (v: Verdict) => void;
  reject: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Pending | null;
}

export class UploadCheckPool {
  readonly #settings: UploadSettings;
  readonly #options: UploadCheckPoolOptions;
  readonly #threads: Thread[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(settings: UploadSettings, options: UploadCheckPoolOptions) {
    this.#settings = settings;
    this.#options = options;
  }

  /** The verdict on one body. Rejects only for a failure of the machinery (`E_INTERNAL`, `E_CLOSED`). */
  check(job: UploadJob): Promise<Verdict> {
    if (this.#closed) return Promise.reject(new EdgesignError('E_CLOSED', 'the service is closing'));
    if (this.#options.threads === 0 || job.body.length <= this.#options.inlineMaxBytes) {
      try {
        return Promise.resolve(checkUpload(job, this.#settings));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise<Verdict>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let t = this.#threads.find((x) => x.job === null);
      if (!t) {
        if (this.#threads.length >= this.#options.threads) return;
        try {
          t = this.#spawn();
        } catch (e) {
          for (const p of this.#queue.splice(0)) p.reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
      }
      const p = this.#queue.shift()!;
      t.job = p;
      t.worker.ref();
      // The body is copied into the thread (structured clone); the caller keeps its bytes to store them. A
      // view of a larger buffer (a part of a multipart body) is cut out first: a clone copies the whole buffer.
      const body = p.job.body;
      const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      t.worker.postMessage({ id: p.id, job: whole ? p.job : { ...p.job, body: body.slice() } } satisfies JobMessage);
    }
  }

  #spawn(): Thread {
    const worker = new Worker(threadModuleUrl('upload-check-thread.js'), { workerData: this.#settings });
    const t: Thread = { worker, job: null };
    worker.on('message', (m: ResultMessage) => {
      const p = t.job;
      if (!p || p.id !== m.id) return;
      t.job = null;
      worker.unref();
      if ('verdict' in m) p.resolve(m.verdict);
      else p.reject(new EdgesignError('E_INTERNAL', `checking the upload failed: ${m.error}`));
      this.#dispatch();
    });
    const gone = (why: string) => {
      const i = this.#threads.indexOf(t);
      if (i === -1) return;
      this.#threads.splice(i, 1);
      t.job?.reject(new EdgesignError('E_INTERNAL', `the upload check thread stopped: ${why}`));
      t.job = null;
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', (e) => gone(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => gone(`exit code ${code}`));
    worker.unref();
    this.#threads.push(t);
    return t;
  }

  /** Stops the threads; queued and running checks are rejected with `E_CLOSED`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#queue.splice(0)) p.reject(new EdgesignError('E_CLOSED', 'the service is closing'));
    const threads = this.#threads.splice(0);
    for (const t of threads) t.job?.reject(new EdgesignError('E_CLOSED', 'the service is closing'));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
