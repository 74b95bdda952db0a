// Several COPY ... FROM STDIN in one round trip, sent whole before the server answers.
//
// pg-copy-streams (like libpq) sends a COPY statement, waits for the server's CopyInResponse,
// then sends the data and waits for the answer: two round trips per table, and the data
// leaves only when this thread next runs its event loop. A batch of objects is four COPYs
// (objects, versions, refs, markings), and an ingest thread between two batches is busy
// judging the next one for tens of milliseconds without running its event loop: meanwhile
// the server sat idle, waiting for data already encoded.
//
// Here one Query message names every COPY of the batch ("COPY a FROM STDIN; COPY b FROM
// STDIN"), and each one's data (one CopyData message) and its CopyDone follow it in the same
// write. The server runs the statements in turn, each reading its rows from what is already
// in its socket. The protocol allows the data to come early: should a statement fail, the
// server answers with the error and ReadyForQuery, and "any subsequent CopyData, CopyDone, or
// CopyFail messages issued by the frontend will simply be dropped" (PostgreSQL docs,
// Frontend/Backend Protocol, COPY Operations).
//
// The object is a pg "submittable" (what pg-copy-streams' streams are too): pg calls
// submit() when the connection is free, then hands it the server's messages until
// ReadyForQuery, or an error.
import type pg from 'pg';
import type { CopyRows } from './copy-text.ts';

/** One COPY of a batch: its statement (text format, FROM STDIN) and its rows. */
export interface CopyInput {
  readonly text: string;
  readonly rows: CopyRows;
}

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]); // 'c', length 4
const COPIED = /^COPY (\d+)$/;

export class CopyBatch implements pg.Submittable {
  readonly #copies: readonly CopyInput[];
  readonly #counts: number[] = [];
  #settle: { resolve: (counts: number[]) => void; reject: (error: Error) => void } | null = null;
  /** The rows each COPY took, in order, once the server has answered all of them. */
  readonly done: Promise<number[]>;

  constructor(copies: readonly CopyInput[]) {
    if (copies.length === 0) throw new RangeError('a COPY batch needs at least one COPY');
    this.#copies = copies;
    this.done = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
  }

  /** pg: the connection is ours; send everything. */
  submit(connection: pg.Connection): void {
    const stream = connection.stream;
    // Corked, the messages leave in one write (writev) when uncorked below.
    stream.cork();
    connection.query(this.#copies.map((copy) => copy.text).join('; '));
    for (const copy of this.#copies) {
      const bytes = copy.rows.bytes;
      const header = Buffer.allocUnsafe(5);
      header[0] = COPY_DATA;
      header.writeUInt32BE(bytes.length + 4, 1);
      stream.write(header);
      // Written as it is, not copied: the caller keeps the buffer untouched until `done` settles.
      if (bytes.length > 0) stream.write(bytes);
      stream.write(COPY_DONE);
    }
    stream.uncork();
  }

  /** pg: the server's answer to one COPY statement, e.g. "COPY 2000". */
  handleCommandComplete(message: { text?: string }): void {
    const match = COPIED.exec(message.text ?? '');
    if (match !== null) this.#counts.push(Number(match[1]));
  }

  /** pg: asking for the data we already sent; nothing to do. */
  handleCopyInResponse(): void {}

  /** pg: the server is done with the whole Query message. */
  handleReadyForQuery(): void {
    this.#settle?.resolve(this.#counts);
    this.#settle = null;
  }

  /** pg: the server refused a statement (pg sends nothing more to this object), or the connection died. */
  handleError(error: Error): void {
    this.#settle?.reject(error);
    this.#settle = null;
  }

  /** pg calls this when a query times out (query_timeout); there is nothing to clear. */
  callback(): void {}
}
