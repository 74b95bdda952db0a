// STIX timestamps (STIX 2.1 §2.16.1): RFC 3339 `YYYY-MM-DDTHH:mm:ss[.s+]Z`, UTC only, with the
// decimal point present only when sub-second digits follow. Checked by hand at fixed offsets:
// no regular expression, no Date allocation.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(text: string, i: number): number {
  const a = digitAt(text, i);
  const b = digitAt(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The number of sub-second digits when `text` is a valid STIX timestamp, else -1.
 * Seconds may be 60 (an RFC 3339 §5.7 leap second).
 */
export function timestampFractionDigits(text: string): number {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */) return -1;
  const y1 = twoDigits(text, 0);
  const y2 = twoDigits(text, 2);
  if (y1 < 0 || y2 < 0) return -1;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 /* T */) return -1;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return -1;
  const year = y1 * 100 + y2;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (month < 1 || month > 12 || day < 1) return -1;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1] ?? 0;
  if (day > maxDay) return -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return -1;
  if (n === 20) return 0;
  if (text.charCodeAt(19) !== 46 /* . */ || n === 21) return -1;
  for (let i = 20; i < n - 1; i++) if (digitAt(text, i) < 0) return -1;
  return n - 21;
}

/** True when `text` is a valid STIX timestamp (any sub-second precision). */
export function isTimestamp(text: string): boolean {
  return timestampFractionDigits(text) >= 0;
}

/**
 * Orders two valid STIX timestamps: negative, zero or positive. Unlike a plain string
 * comparison it treats `...:00Z` and `...:00.000Z` as equal, since precision is not order.
 */
export function compareTimestamps(a: string, b: string): number {
  // The first 19 characters are fixed-width, so they order lexically.
  for (let i = 0; i < 19; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  // Sub-second digits: compare digit by digit, a missing digit counting as 0.
  const fa = a.length > 20 ? a.length - 21 : 0;
  const fb = b.length > 20 ? b.length - 21 : 0;
  const longest = fa > fb ? fa : fb;
  for (let i = 0; i < longest; i++) {
    const da = i < fa ? a.charCodeAt(20 + i) : 48;
    const db = i < fb ? b.charCodeAt(20 + i) : 48;
    if (da !== db) return da - db;
  }
  return 0;
}
