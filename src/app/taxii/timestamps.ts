// TAXII 2.1 §2 timestamp: RFC 3339, UTC with 'Z', exactly microsecond precision
// ("YYYY-MM-DDTHH:MM:SS.ssssssZ"), unlike STIX's any precision. date_added, request_timestamp
// and the X-TAXII-Date-Added-* headers are written this way; what clients send (added_after)
// is read at any precision.
import type { Clock } from '../ports.ts';

const UTC = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?[Zz]$/;

/** Whether `value` is an RFC 3339 UTC timestamp naming a real instant. */
export function isUtcTimestamp(value: string): boolean {
  const match = UTC.exec(value);
  if (match === null) return false;
  const millis = Date.parse(`${match[1]}T${match[2]}Z`);
  // Date.parse accepts 2025-02-30; the round trip does not.
  return Number.isFinite(millis) && new Date(millis).toISOString().slice(0, 19) === `${match[1]}T${match[2]}`;
}

/** The TAXII form of an RFC 3339 UTC timestamp (digits beyond microseconds are cut). */
export function taxiiTimestamp(value: string): string {
  const match = UTC.exec(value);
  if (match === null) throw new RangeError(`not an RFC 3339 UTC timestamp: ${JSON.stringify(value)}`);
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}

/**
 * A clock that never goes back. TAXII pages are ordered by date_added and a `next` cursor
 * resumes after a position, so a member dated before one already served would be missed by
 * a pager; if the system clock steps back, this one holds at the last value instead.
 */
export function monotonicClock(clock: Clock): Clock {
  let last = '';
  return {
    now() {
      const now = clock.now();
      if (now > last) last = now;
      return last;
    },
  };
}
