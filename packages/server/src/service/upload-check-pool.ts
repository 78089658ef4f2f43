/**
 * Runs the upload checks (`upload-check.ts`) without stalling the event loop: a body up to
 * `inlineMaxBytes` is checked on the spot (about a millisecond), a larger one in a pool of worker
 * threads (`upload-check-thread.ts`), one job per thread at a time, the others queued in arrival
 * order. While a thread parses and MACs a large body, the event loop keeps answering every other
 * request.
 *
 * A body is moved to its thread and back (`postMessage` transfer list), not copied: the caller that
 * owns it gives it up with `moveBody` and stores the bytes handed back with the verdict; a body the
 * caller keeps (a view on a larger buffer, such as one file of a multipart body) is copied once into
 * a buffer of its own, which is then moved. A structured clone would copy it on the event loop
 * (50–90 ms for 12 MB on a loaded machine), and copy all of a larger buffer under a view.
 *
 * A thread that dies (an exception outside the check, out of memory) fails only its own job
 * (`E_INTERNAL`); the next job starts a new thread.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { EdgesignError } from 'edgesign';
import { isMovable } from './movable-bytes.js';
import { threadModuleUrl } from './thread-module.js';
import { checkUpload, type UploadJob, type UploadSettings, type Verdict } from './upload-check.js';
import type { JobMessage, ResultMessage } from './upload-check-thread.js';

export interface UploadCheckPoolOptions {
  /** Worker threads for large bodies; 0 checks everything on the event loop. */
  threads: number;
  /** Bodies up to this many bytes are checked on the event loop. */
  inlineMaxBytes: number;
}

/** A verdict and the body's bytes, which are the job's own view or, after a thread checked them, the same bytes moved back. */
export interface CheckedUpload {
  verdict: Verdict;
  body: Uint8Array;
}

interface Pending {
  id: number;
  job: UploadJob;
  resolve: (v: CheckedUpload) => void;
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

  /**
   * The verdict on one body, with the body's bytes to store. With `moveBody` the caller gives up
   * `job.body` (it owns the ArrayBuffer, and holds no other view of it): when it spans that whole
   * ArrayBuffer it may be moved to a thread, and reads as empty afterwards. Rejects only for a failure
   * of the machinery (`E_INTERNAL`, `E_CLOSED`).
   */
  check(job: UploadJob, moveBody = false): Promise<CheckedUpload> {
    if (this.#closed) return Promise.reject(new EdgesignError('E_CLOSED', 'the service is closing'));
    if (this.#options.threads === 0 || job.body.length <= this.#options.inlineMaxBytes) {
      try {
        return Promise.resolve({ verdict: checkUpload(job, this.#settings), body: job.body });
      } catch (e) {
        return Promise.reject(e);
      }
    }
    // The thread gets bytes it can own: the caller's when given up whole, else a copy of the view
    // (`new Uint8Array(view)` copies; `Buffer#slice` would not).
    const body = moveBody && isMovable(job.body) ? job.body : new Uint8Array(job.body);
    return new Promise<CheckedUpload>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job: { ...job, body }, resolve, reject });
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
      // Moved, not cloned: the job's body spans an ArrayBuffer the pool owns (see check); it comes back with the verdict.
      t.worker.postMessage({ id: p.id, job: p.job } satisfies JobMessage, [p.job.body.buffer as ArrayBuffer]);
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
      if ('verdict' in m) p.resolve({ verdict: m.verdict, body: m.body });
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
