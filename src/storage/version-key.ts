// Sortable keys for STIX versions and TAXII timestamps.
//
// STIX 2.1 §3.2 timestamps are RFC 3339 in UTC ('Z') with optional sub-second digits of any
// precision, so one instant has many spellings ('...:00Z', '...:00.000Z') and the raw text
// does not sort: '...:00.5Z' < '...:00Z' because '.' < 'Z'. A key drops the 'Z', strips
// trailing zeros of the fraction and pads it to 9 digits: equal instants get equal keys and
// byte order is time order (a fraction longer than 9 digits still sorts right, as nothing
// follows it). TAXII 2.1 §3.4.2 identifies an object version by this timestamp.

const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?[Zz]$/;

/** The sortable key of an RFC 3339 UTC timestamp, or null when `value` is not one. */
export function timestampKey(value: string): string | null {
  const match = UTC_TIMESTAMP.exec(value);
  if (match === null) return null;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  return `${match[1]}T${match[2]}.${fraction.padEnd(9, '0')}`;
}

/**
 * The key of an object version (see domain versionOf). '' (an SCO's only version) stays ''.
 * Any other non-timestamp text, which validation should have refused, keeps its own
 * identity behind a '!' so it never equals a timestamp key (those start with a digit).
 */
export function versionKey(version: string): string {
  if (version === '') return '';
  return timestampKey(version) ?? `!${version}`;
}
