// Checks and spellings for the constants of STIX 2.1 §9 (Constants): timestamps, hex,
// base64, numbers and strings. Shared by the lexer (reading) and the formatter (writing),
// so that what one writes the other reads back unchanged.

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Why `text` is not a STIX timestamp, or undefined when it is. STIX 2.1 §9 (Constants) and
 * the `timestamp` type: RFC 3339, UTC, with an upper-case 'T' and 'Z'. Second 60 is allowed
 * for leap seconds, as RFC 3339 §5.6 allows it.
 */
export function timestampProblem(text: string): string | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) {
    return 'is not an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.fraction]Z)';
  }
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  if (month === undefined || month < 1 || month > 12) return 'has a month outside 01-12';
  const monthDays = month === 2 && isLeapYear(year ?? 0) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day === undefined || day < 1 || day > monthDays) return `has a day outside 01-${monthDays}`;
  if (hour === undefined || hour > 23) return 'has an hour outside 00-23';
  if (minute === undefined || minute > 59) return 'has a minute outside 00-59';
  if (second === undefined || second > 60) return 'has a second outside 00-60';
  return undefined;
}

/**
 * Order two valid timestamps. The date-time part has a fixed width, so it orders as text;
 * fractions of different lengths are padded with zeros before comparing.
 */
export function compareTimestamps(a: string, b: string): number {
  const ha = a.slice(0, 19);
  const hb = b.slice(0, 19);
  if (ha !== hb) return ha < hb ? -1 : 1;
  const fa = a.slice(20, -1);
  const fb = b.slice(20, -1);
  const width = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(width, '0');
  const pb = fb.padEnd(width, '0');
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

/** STIX 2.1 §9 (Constants), hex: an even number of hex digits. */
export function hexProblem(text: string): string | undefined {
  if (HEX.test(text)) return undefined;
  return /^[0-9A-Fa-f]*$/.test(text) ? 'needs an even number of hex digits' : 'may hold only hex digits 0-9, a-f';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;

/** STIX 2.1 §9 (Constants), binary: RFC 4648 base64 with padding, at least one group (as in the OASIS grammar). */
export function base64Problem(text: string): string | undefined {
  return BASE64.test(text) ? undefined : 'is not padded base64 (RFC 4648: groups of 4 characters of A-Z a-z 0-9 + /, then = padding)';
}

/** The pattern spelling of a string constant: single quotes, with ' and \ escaped by a backslash. */
export function quoteString(value: string): string {
  let out = "'";
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x27 || c === 0x5c) {
      out += value.slice(from, i) + '\\' + value[i];
      from = i + 1;
    }
  }
  return out + value.slice(from) + "'";
}

/**
 * Write a finite number as plain decimal digits with a decimal point ("1.5", "100.0",
 * "0.0000001"), the only float spelling the grammar knows: no exponent. Starts from the
 * shortest round-tripping spelling (`String(n)`) and moves its decimal point, so reading
 * the result back gives exactly `n`.
 */
export function formatDecimal(n: number): string {
  const sign = n < 0 ? '-' : '';
  const text = String(Math.abs(n));
  const e = text.indexOf('e');
  let plain: string;
  if (e === -1) {
    plain = text;
  } else {
    const mantissa = text.slice(0, e);
    const exponent = Number(text.slice(e + 1));
    const dot = mantissa.indexOf('.');
    const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    const point = (dot === -1 ? mantissa.length : dot) + exponent;
    if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
    else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
    else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return sign + (plain.includes('.') ? plain : `${plain}.0`);
}
