/**
 * The sample writer of the SQLite store, main-thread side: starts the writer thread
 * (`sqlite-writer-thread.ts`), which has its own connection and group-commits inserts. With `synchronous=FULL` every commit waits for an fsync of the WAL (milliseconds on a real
 * disk); doing that on the event loop would stall every request for that long. In the worker, the
 * inserts that arrive while one commit's fsync is running all go into the next transaction, so a
 * commit's cost is shared by everything that was waiting for it, and the main thread keeps parsing
 * and verifying meanwhile.
 *
 * Each insert's promise settles only after its transaction committed (or failed: then every insert of
 * that transaction is rejected and nothing of it is visible). An error confined to one insert (inside
 * its own savepoint) fails only that insert. If SQLite rolled the whole transaction back (SQLITE_FULL,
 * IOERR, BUSY…), the batch fails as a whole.
 *
 * A row's bytes travel to the thread moved (`postMessage` transfer list), never structured-cloned
 * on the event loop (a clone of a 12 MB body held it for 50–90 ms on a loaded machine): a body the
 * caller gives up (`moveRaw`) is moved as it is; any other is first copied, once, into a buffer of
 * its own (only the view's bytes, where a clone would copy the whole buffer under a view).
 *
 * The thread is a typed module compiled with the rest of the package (see `thread-module.ts`).
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { SampleRow } from './store-columns.js';
import type { FromWriter, InsertItem, ToWriter, WriteOutcome, WriterThreadData } from './sqlite-writer-thread.js';
import { threadModuleUrl } from './thread-module.js';
import { isMovable } from './movable-bytes.js';

/** Most inserts one transaction takes; the rest wait for the next commit. */
export const MAX_BATCH = 1024;
/** Most raw bytes one transaction takes (a single larger sample still gets its own). */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

export type { SampleRow } from './store-columns.js';
export type { WriteOutcome } from './sqlite-writer-thread.js';

interface Waiter {
  resolve: (o: WriteOutcome) => void;
}

/** Owns the writer thread; starts it on first use and again after it died. */
export class SqliteWriter {
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Waiter>();
  #closed = false;

  constructor(path: string, busyTimeoutMs: number) {
    this.#path = path;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const workerData: WriterThreadData = { path: this.#path, busyTimeoutMs: this.#busyTimeoutMs, maxBatch: MAX_BATCH, maxBatchBytes: MAX_BATCH_BYTES };
    const w = new Worker(threadModuleUrl('sqlite-writer-thread.js'), { workerData });
    w.on('message', (m: FromWriter) => {
      if (m.type === 'results') m.ids.forEach((id, i) => this.#settle(id, m.outcomes[i]!));
      else if (m.type === 'exec') this.#settle(m.id, m.outcome);
      else if (m.type === 'fatal') this.#failAll(m.error);
    });
    const gone = (why: string) => {
      if (this.#worker !== w) return;
      this.#worker = null;
      this.#failAll({ ok: false, message: `the store writer stopped: ${why}` });
    };
    w.on('error', (e) => gone(e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => gone(`exit code ${code}`));
    w.unref();
    this.#worker = w;
    return w;
  }

  #settle(id: number, outcome: WriteOutcome): void {
    const waiter = this.#pending.get(id);
    if (!waiter) return;
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    waiter.resolve(outcome);
  }

  #failAll(outcome: WriteOutcome & { ok: false }): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, outcome);
  }

  /** Registers a waiter and starts the thread; `deliver(id, worker)` hands the request over. */
  #send(deliver: (id: number, w: Worker) => void): Promise<WriteOutcome> {
    if (this.#closed) return Promise.resolve({ ok: false, code: 'E_STORE_CLOSED', message: 'the store is closed' });
    const id = this.#nextId++;
    return new Promise<WriteOutcome>((resolve) => {
      this.#pending.set(id, { resolve });
      let w: Worker;
      try {
        w = this.#start();
      } catch (e) {
        this.#settle(id, { ok: false, message: `cannot start the store writer: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      w.ref();
      deliver(id, w);
    });
  }

  #outbox: InsertItem[] = [];
  /** The ArrayBuffers of the outbox's rows, each once (a transfer list may not repeat one). */
  #outboxBuffers = new Set<ArrayBuffer>();

  #post(): void {
    if (this.#outbox.length === 0) return;
    const items = this.#outbox;
    const buffers = [...this.#outboxBuffers];
    this.#outbox = [];
    this.#outboxBuffers = new Set();
    if (!this.#worker) {
      for (const it of items) this.#settle(it.id, { ok: false, message: 'the store writer stopped' });
      return;
    }
    try {
      this.#worker.postMessage({ type: 'inserts', items } satisfies ToWriter, buffers);
    } catch {
      // A buffer given up with moveRaw was detached by its caller meanwhile. Nothing was sent (a message
      // moves its buffers only once all of it is serialized): send each insert alone, so only that one fails.
      for (const it of items) {
        try {
          this.#worker.postMessage({ type: 'inserts', items: [it] } satisfies ToWriter, [it.row.raw.buffer as ArrayBuffer]);
        } catch (e) {
          this.#settle(it.id, { ok: false, message: `cannot hand the sample to the store writer: ${e instanceof Error ? e.message : String(e)}` });
        }
      }
    }
  }

  /** Starts the writer thread now rather than on the first insert (a server does this when it starts listening). */
  warmUp(): void {
    if (this.#closed) return;
    try {
      this.#start();
    } catch {
      // The first insert will report it.
    }
  }

  /**
   * Inserts one row in the next group commit; resolves after that commit. Never rejects. With
   * `moveRaw` the caller gives up `row.raw` (see `InsertSampleOptions.moveRaw`); otherwise its bytes
   * are copied now and the caller keeps its buffer.
   */
  insert(row: SampleRow, disallowDuplicates: boolean, moveRaw = false): Promise<WriteOutcome> {
    return this.#send((id) => {
      // Inserts of one event-loop turn travel in one message (one wake-up), their bytes moved.
      const raw = moveRaw && isMovable(row.raw) ? row.raw : new Uint8Array(row.raw);
      this.#outbox.push({ id, row: { ...row, raw }, disallowDuplicates });
      this.#outboxBuffers.add(raw.buffer as ArrayBuffer);
      if (this.#outbox.length === 1) setImmediate(() => this.#post());
    });
  }

  /** Runs SQL on the writer's connection, after the inserts queued before it (tests and tools: per-connection pragmas). */
  exec(sql: string): Promise<WriteOutcome> {
    return this.#send((id, w) => {
      this.#post(); // after the inserts queued before it
      w.postMessage({ type: 'exec', id, sql } satisfies ToWriter);
    });
  }

  /** Commits what is queued, closes the writer's connection and stops the thread. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const w = this.#worker;
    if (!w) return;
    this.#post();
    w.ref();
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      w.once('exit', done);
      w.on('message', (m: FromWriter) => {
        if (m.type === 'closed') void w.terminate().then(done, done);
      });
      w.postMessage({ type: 'close' } satisfies ToWriter);
    });
    this.#worker = null;
    this.#failAll({ ok: false, code: 'E_STORE_CLOSED', message: 'the store is closed' });
  }
}
