// PostgreSQL text cannot hold U+0000 (SQLite's can), nor an unpaired UTF-16 surrogate (no
// UTF-8 encodes one; the bulk writer sends text as JSON, where the server refuses it). Such
// a value can never have been stored, so reads answer "not found" without asking, and
// writes refuse it before they touch the database: an error inside PostgreSQL would doom
// the whole write.

const SURROGATE = /[\ud800-\udfff]/;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function storable(text: string): boolean {
  if (text.includes('\u0000')) return false;
  // The cheap test first: almost all text has no surrogate at all.
  return !SURROGATE.test(text) || !UNPAIRED.test(text);
}

/** Throws a RangeError naming `what` when PostgreSQL could not store `text`. */
export function requireStorable(what: string, text: string | null): void {
  if (text !== null && !storable(text)) {
    throw new RangeError(`${what} contains U+0000 or an unpaired surrogate, which PostgreSQL text cannot store`);
  }
}

/** The shape of version-key.ts's timestampKey: what every date key in a cursor we issue looks like. */
const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9,}$/;

/** Whether a key decoded from a cursor is one a store issued (never, say, one holding a NUL). */
export function isTimestampKey(key: string): boolean {
  return TIMESTAMP_KEY.test(key);
}
