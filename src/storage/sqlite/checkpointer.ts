// WAL checkpoints on a worker thread. A checkpoint copies committed pages from the WAL back
// into the database file. By default SQLite runs one inside COMMIT (wal_autocheckpoint),
// which after a big ingest is ~20% of the write (measured: ~170 ms of ATT&CK's store time).
// SQLite's WAL documentation suggests turning automatic checkpoints off and running them
// from another thread: here a worker with its own connection does the copy on another core
// while the writer goes on. The writer keeps a high wal_autocheckpoint as a backstop, so
// the WAL stays bounded even if the worker falls behind or fails.
//
// The worker is plain CommonJS given as source text, so it needs neither the TypeScript
// loader nor a build step.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const describe = (e) => String((e && e.message) || e);
let db = null;
let openError = null;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
} catch (e) {
  openError = describe(e);
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (db !== null) db.close();
    parentPort.close();
    return;
  }
  let error = openError;
  if (db !== null) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      error = describe(e);
    }
  }
  parentPort.postMessage({ error });
});
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

export class Checkpointer {
  readonly #path: string;
  #worker: Worker | null = null;
  #running = false;
  #queued = false;
  #idle: (() => void)[] = [];
  /** The last checkpoint failure, for diagnosis; checkpoints are retried with the next request. */
  lastError: string | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  /** Asks for a checkpoint soon; requests made while one runs are merged into one more. */
  request(): void {
    if (this.#running) {
      this.#queued = true;
      return;
    }
    this.#start();
  }

  /** Resolves when no checkpoint is running or queued. */
  whenIdle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.whenIdle();
    const worker = this.#worker;
    if (worker === null) return;
    this.#worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  #start(): void {
    let worker: Worker;
    try {
      worker = this.#worker ?? this.#spawn();
    } catch (error) {
      // No worker (e.g. thread limits): the writer's backstop checkpoint still bounds the WAL.
      this.lastError = String((error as Error | undefined)?.message ?? error);
      return;
    }
    this.#running = true;
    // Keep the process alive while a checkpoint runs; an idle worker must not.
    worker.ref();
    worker.postMessage('checkpoint');
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: this.#path, driver } });
    worker.on('message', (message: { error: string | null }) => {
      this.lastError = message.error;
      this.#finished();
    });
    worker.on('error', (error: unknown) => {
      // The worker is gone; the next request starts a new one.
      this.lastError = String((error as Error | undefined)?.message ?? error);
      this.#worker = null;
      this.#queued = false;
      this.#finished();
    });
    this.#worker = worker;
    return worker;
  }

  #finished(): void {
    this.#running = false;
    this.#worker?.unref();
    if (this.#queued) {
      this.#queued = false;
      this.#start();
      return;
    }
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
