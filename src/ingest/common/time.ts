// Timestamps in the STIX form (STIX 2.1 §2.16.1: RFC 3339, UTC, `Z`), here always with
// millisecond precision so that equal instants print equally.

/** STIX timestamp of epoch seconds given as a number or a numeric string (MISP writes strings). */
export function epochToTimestamp(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  const date = new Date(Math.round(seconds * 1000));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Midnight UTC of a `YYYY-MM-DD` date. */
export function dateToTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return undefined;
  const date = new Date(`${value.trim()}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.trim() ? undefined : date.toISOString();
}

/** Any RFC 3339 / ISO 8601 date-time with a zone (or a bare date), as a STIX timestamp. */
export function toTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const bare = dateToTimestamp(text);
  if (bare !== undefined) return bare;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const date = new Date(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function timestampToEpoch(timestamp: string): string {
  return String(Math.floor(Date.parse(timestamp) / 1000));
}

export function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** `now` as given, or the current time: the only non-deterministic input an importer has. */
export function nowTimestamp(now: string | undefined): string {
  return toTimestamp(now) ?? new Date().toISOString();
}
