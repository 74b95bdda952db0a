// Time enters the warning domain only as ISO 8601 / RFC 3339 strings passed in by the
// caller: nothing here reads a clock, so every decision can be replayed exactly.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// RFC 3339 §5.6 date-time: full date, 'T', time, optional fraction, 'Z' or a numeric offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch, or null when the value is not an RFC 3339 instant. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = RFC3339.exec(value);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Date.parse quietly rolls 31 April over into 1 May; a calendar date must exist.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** One canonical spelling per instant (UTC, milliseconds), so deadline keys compare as strings. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}
