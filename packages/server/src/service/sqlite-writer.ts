/**
 * The sample writer of the SQLite store: a worker thread with its own connection that group-commits
 * inserts. With `synchronous=FULL` every commit waits for an fsync of the WAL (milliseconds on a real
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
 * The worker's code is plain CommonJS evaluated from a string (so it runs the same from `src/` under
 * vitest and from `dist/`), and loads the same better-sqlite3 the main thread resolved.
 * @module
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Most inserts one transaction takes; the rest wait for the next commit. */
export const MAX_BATCH = 1024;
/** Most raw bytes one transaction takes (a single larger sample still gets its own). */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

/** A sample row, named as the `samples` table's columns. */
export interface SampleRow {
  file_name: string;
  category: string;
  label: string | null;
  device_name: string | null;
  device_type: string | null;
  signature: string;
  signature_error: string | null;
  hmac_key_id: string | null;
  sha256: string;
  dedup_hash: string;
  iat: number | null;
  received_at: string;
  bytes: number;
  content_type: string;
  encoding: string | null;
  metadata: string | null;
  raw: Uint8Array;
}

export type WriteOutcome = { ok: true; id: number } | { ok: true; duplicateOf: number } | { ok: false; code?: string; message: string };

const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { MAX_BATCH, MAX_BATCH_BYTES } = workerData;

const info = (e) => ({ ok: false, code: typeof (e && e.code) === 'string' ? e.code : undefined, message: e instanceof Error ? e.message : String(e) });

let db;
try {
  db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
  db.pragma('synchronous = FULL');
  // This connection checkpoints by itself, after answering (see maybeCheckpoint), so that copying the
  // WAL into the database never delays an acknowledgement.
  db.pragma('wal_autocheckpoint = 0');
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
} catch (e) {
  parentPort.postMessage({ type: 'fatal', error: info(e) });
  throw e;
}
const dupe = db.prepare('SELECT id FROM samples WHERE dedup_hash = ? ORDER BY id LIMIT 1');
const insert = db.prepare(
  'INSERT INTO samples (file_name, category, label, device_name, device_type, signature, signature_error, hmac_key_id, sha256, dedup_hash, iat, received_at, bytes, content_type, encoding, metadata, raw) ' +
  'VALUES (@file_name, @category, @label, @device_name, @device_type, @signature, @signature_error, @hmac_key_id, @sha256, @dedup_hash, @iat, @received_at, @bytes, @content_type, @encoding, @metadata, @raw)'
);
const insertOne = db.transaction((p) => {
  if (p.disallowDuplicates) {
    const d = dupe.get(p.row.dedup_hash);
    if (d) return { ok: true, duplicateOf: d.id };
  }
  const r = p.row.raw;
  p.row.raw = Buffer.from(r.buffer, r.byteOffset, r.byteLength);
  return { ok: true, id: Number(insert.run(p.row).lastInsertRowid) };
});
const commitBatch = db.transaction((batch, out) => {
  for (const p of batch) {
    try {
      out.push(insertOne(p));
    } catch (e) {
      // Only this insert's savepoint was undone, unless SQLite dropped the whole transaction.
      if (!db.inTransaction) throw e;
      out.push(info(e));
    }
  }
});

let queue = [];
let scheduled = false;

// Checkpoint when idle, or at least every CHECKPOINT_EVERY commits under sustained load (which
// bounds the WAL). PASSIVE: never waits for readers or other writers.
const CHECKPOINT_EVERY = 64;
let commitsSinceCheckpoint = 0;
let checkpointScheduled = false;
function maybeCheckpoint() {
  checkpointScheduled = false;
  if (commitsSinceCheckpoint === 0) return;
  if (queue.length > 0 && commitsSinceCheckpoint < CHECKPOINT_EVERY) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A failed checkpoint loses nothing (the WAL keeps the data); the next one retries.
  }
  commitsSinceCheckpoint = 0;
}

function flush() {
  scheduled = false;
  while (queue.length > 0) {
    let n = 0;
    let bytes = 0;
    while (n < queue.length && n < MAX_BATCH && (n === 0 || bytes + queue[n].row.raw.byteLength <= MAX_BATCH_BYTES)) {
      bytes += queue[n].row.raw.byteLength;
      n++;
    }
    const batch = queue.splice(0, n);
    const out = [];
    try {
      commitBatch.immediate(batch, out);
    } catch (e) {
      const err = info(e);
      parentPort.postMessage({ type: 'results', ids: batch.map((p) => p.id), outcomes: batch.map(() => err) });
      continue;
    }
    parentPort.postMessage({ type: 'results', ids: batch.map((p) => p.id), outcomes: out });
    commitsSinceCheckpoint++;
  }
  if (!checkpointScheduled) {
    checkpointScheduled = true;
    setImmediate(maybeCheckpoint);
  }
}

parentPort.on('message', (m) => {
  if (m.type === 'inserts') {
    for (const p of m.items) queue.push(p);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  } else if (m.type === 'exec') {
    flush();
    let outcome;
    try {
      db.exec(m.sql);
      outcome = { ok: true };
    } catch (e) {
      outcome = info(e);
    }
    parentPort.postMessage({ type: 'exec', id: m.id, outcome });
  } else if (m.type === 'close') {
    flush();
    db.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
});
`;

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
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: this.#path, busyTimeoutMs: this.#busyTimeoutMs, MAX_BATCH, MAX_BATCH_BYTES },
    });
    w.on('message', (m: { type: string; ids?: number[]; outcomes?: WriteOutcome[]; id?: number; outcome?: WriteOutcome; error?: WriteOutcome }) => {
      if (m.type === 'results') m.ids!.forEach((id, i) => this.#settle(id, m.outcomes![i]!));
      else if (m.type === 'exec') this.#settle(m.id!, m.outcome!);
      else if (m.type === 'fatal') this.#failAll(m.error as WriteOutcome & { ok: false });
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

  #send(message: Record<string, unknown>): Promise<WriteOutcome> {
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
      if (message['type'] === 'insert') {
        // Inserts of one event-loop turn travel in one message (one structured clone, one wake-up).
        // The rows' bytes are copied by the clone; callers keep their buffers.
        this.#outbox.push({ ...message, id });
        if (this.#outbox.length === 1) setImmediate(() => this.#post());
      } else {
        this.#post();
        w.postMessage({ ...message, id });
      }
    });
  }

  #outbox: Array<Record<string, unknown>> = [];

  #post(): void {
    if (this.#outbox.length === 0) return;
    const items = this.#outbox;
    this.#outbox = [];
    if (!this.#worker) {
      for (const it of items) this.#settle(it['id'] as number, { ok: false, message: 'the store writer stopped' });
      return;
    }
    this.#worker.postMessage({ type: 'inserts', items });
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

  /** Inserts one row in the next group commit; resolves after that commit. Never rejects. */
  insert(row: SampleRow, disallowDuplicates: boolean): Promise<WriteOutcome> {
    return this.#send({ type: 'insert', row, disallowDuplicates });
  }

  /** Runs SQL on the writer's connection, after the inserts queued before it (tests and tools: per-connection pragmas). */
  exec(sql: string): Promise<WriteOutcome> {
    return this.#send({ type: 'exec', sql });
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
      w.on('message', (m: { type: string }) => {
        if (m.type === 'closed') void w.terminate().then(done, done);
      });
      w.postMessage({ type: 'close' });
    });
    this.#worker = null;
    this.#failAll({ ok: false, code: 'E_STORE_CLOSED', message: 'the store is closed' });
  }
}
