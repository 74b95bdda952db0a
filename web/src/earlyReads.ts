// Reads started early. The first load asks for its view's data while the workbench's code is
// still loading (boot.ts), instead of after React has rendered, asked who is signed in and
// mounted the view: three round trips in a row. The view's own GET of the same URL then takes
// that answer instead of asking again (api.ts). An early read is taken once, only while fresh,
// and dropped when the session changes. Knows nothing of fetch: api.ts says how to send.

/** An early read older than this was asked for too long ago to show: the view asks again. */
const MAX_AGE_MS = 10_000;

interface EarlyRead {
  readonly at: number;
  readonly answer: Promise<{ readonly ok: boolean }>;
  arrived?: { readonly ok: boolean };
}

const reads = new Map<string, EarlyRead>();

/** Sends `url`'s read now (once, however often it is asked for) and keeps its answer. */
export function startEarlyRead(url: string, send: () => Promise<{ readonly ok: boolean }>): void {
  if (fresh(url) !== undefined) return;
  const read: EarlyRead = { at: Date.now(), answer: send() };
  void read.answer.then((answer) => {
    read.arrived = answer;
  });
  reads.set(url, read);
}

/** Keeps an answer that came with the page itself (boot.ts) as `url`'s early read, already arrived. */
export function putArrivedRead<R extends { readonly ok: boolean }>(url: string, answer: R): void {
  reads.set(url, { at: Date.now(), answer: Promise.resolve(answer), arrived: answer });
}

/** The early read of `url`, arrived or not, taken; undefined when there is none, or it is stale. */
export function takeEarlyRead<R extends { readonly ok: boolean }>(url: string): Promise<R> | undefined {
  const read = fresh(url);
  reads.delete(url);
  return read?.answer as Promise<R> | undefined;
}

/**
 * The data of `url`'s early read when it has already arrived and succeeded, taken: a view can
 * show it in its first render. Otherwise it stays for the view's request to take.
 */
export function takeArrivedEarly<T>(url: string): T | undefined {
  const arrived = fresh(url)?.arrived as { readonly ok: true; readonly data: T } | { readonly ok: false } | undefined;
  if (arrived?.ok !== true) return undefined;
  reads.delete(url);
  return arrived.data;
}

/** Forgets every early read: they were asked for with a session that has ended. */
export function dropEarlyReads(): void {
  reads.clear();
}

function fresh(url: string): EarlyRead | undefined {
  const read = reads.get(url);
  if (read === undefined || Date.now() - read.at <= MAX_AGE_MS) return read;
  reads.delete(url);
  return undefined;
}
