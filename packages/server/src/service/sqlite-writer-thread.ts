/**
 * The SQLite writer thread (started by `sqlite-writer.ts`): its own connection to the store, which
 * group-commits the sample inserts it is sent. Inserts that arrive while one commit's fsync runs all
 * go into the next transaction, so a commit's cost is shared by everything that waited for it.
 *
 * Each batch is one transaction; each insert runs inside its own savepoint, so an error confined to
 * one insert fails only that insert. If SQLite rolled the whole transaction back (SQLITE_FULL, IOERR,
 * BUSY…), every insert of the batch fails and nothing of it is visible.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SAMPLE_ROW_COLUMNS, sqliteInsertSql, type SampleRow } from './store-columns.js';

/** What the thread is started with. */
export interface WriterThreadData {
  path: string;
  busyTimeoutMs: number;
  /** Most inserts one transaction takes; the rest wait for the next commit. */
  maxBatch: number;
  /** Most raw bytes one transaction takes (a single larger sample still gets its own). */
  maxBatchBytes: number;
}

/** One insert as the main thread sends it. */
export interface InsertItem {
  id: number;
  row: SampleRow;
  disallowDuplicates: boolean;
}

export type WriteOutcome = { ok: true; id: number } | { ok: true; duplicateOf: number } | { ok: false; code?: string; message: string };

/** Messages to the thread. */
export type ToWriter = { type: 'inserts'; items: InsertItem[] } | { type: 'exec'; id: number; sql: string } | { type: 'close' };

/** Messages from the thread. */
export type FromWriter =
  | { type: 'results'; ids: number[]; outcomes: WriteOutcome[] }
  | { type: 'exec'; id: number; outcome: WriteOutcome }
  | { type: 'fatal'; error: WriteOutcome & { ok: false } }
  | { type: 'closed' };

const port = parentPort!;
const config = workerData as WriterThreadData;
const post = (m: FromWriter) => port.postMessage(m);

function failure(e: unknown): WriteOutcome & { ok: false } {
  const code = (e as { code?: unknown } | null)?.code;
  return { ok: false, ...(typeof code === 'string' ? { code } : {}), message: e instanceof Error ? e.message : String(e) };
}

let db: Database.Database;
try {
  db = new Database(config.path, { timeout: config.busyTimeoutMs, fileMustExist: true });
  db.pragma('synchronous = FULL');
  // This connection checkpoints by itself, after answering (see maybeCheckpoint), so that copying the
  // WAL into the database never delays an acknowledgement.
  db.pragma('wal_autocheckpoint = 0');
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
} catch (e) {
  post({ type: 'fatal', error: failure(e) });
  throw e;
}

const dupe = db.prepare<[string], { id: number }>('SELECT id FROM samples WHERE dedup_hash = ? ORDER BY id LIMIT 1');
const insert = db.prepare<[SampleRow]>(sqliteInsertSql('samples', SAMPLE_ROW_COLUMNS));

const insertOne = db.transaction((p: InsertItem): WriteOutcome => {
  if (p.disallowDuplicates) {
    const d = dupe.get(p.row.dedup_hash);
    if (d) return { ok: true, duplicateOf: d.id };
  }
  // better-sqlite3 binds a Buffer as a BLOB; the row arrived as a plain Uint8Array (moved to this thread).
  const r = p.row.raw;
  const row = { ...p.row, raw: Buffer.from(r.buffer, r.byteOffset, r.byteLength) };
  return { ok: true, id: Number(insert.run(row).lastInsertRowid) };
});

const commitBatch = db.transaction((batch: InsertItem[], out: WriteOutcome[]) => {
  for (const p of batch) {
    try {
      out.push(insertOne(p));
    } catch (e) {
      // Only this insert's savepoint was undone, unless SQLite dropped the whole transaction.
      if (!db.inTransaction) throw e;
      out.push(failure(e));
    }
  }
});

let queue: InsertItem[] = [];
let scheduled = false;

// Checkpoint when idle, or at least every CHECKPOINT_EVERY commits under sustained load (which
// bounds the WAL). PASSIVE: never waits for readers or other writers.
const CHECKPOINT_EVERY = 64;
let commitsSinceCheckpoint = 0;
let checkpointScheduled = false;

function maybeCheckpoint(): void {
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

function flush(): void {
  scheduled = false;
  while (queue.length > 0) {
    let n = 0;
    let bytes = 0;
    while (n < queue.length && n < config.maxBatch && (n === 0 || bytes + queue[n]!.row.raw.byteLength <= config.maxBatchBytes)) {
      bytes += queue[n]!.row.raw.byteLength;
      n++;
    }
    const batch = queue.splice(0, n);
    const out: WriteOutcome[] = [];
    try {
      commitBatch.immediate(batch, out);
    } catch (e) {
      const err = failure(e);
      post({ type: 'results', ids: batch.map((p) => p.id), outcomes: batch.map(() => err) });
      continue;
    }
    post({ type: 'results', ids: batch.map((p) => p.id), outcomes: out });
    commitsSinceCheckpoint++;
  }
  if (!checkpointScheduled) {
    checkpointScheduled = true;
    setImmediate(maybeCheckpoint);
  }
}

port.on('message', (m: ToWriter) => {
  if (m.type === 'inserts') {
    queue = queue.concat(m.items);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  } else if (m.type === 'exec') {
    flush();
    let outcome: WriteOutcome;
    try {
      db.exec(m.sql);
      outcome = { ok: true, id: 0 };
    } catch (e) {
      outcome = failure(e);
    }
    post({ type: 'exec', id: m.id, outcome });
  } else if (m.type === 'close') {
    flush();
    db.close();
    post({ type: 'closed' });
    port.close();
  }
});
