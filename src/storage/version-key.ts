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
  // Most timestamps are millisecond ones ('2024-05-06T07:08:09.123Z', what toISOString
  // writes), keyed on every object an ingest stores: those skip the regular expression.
  if (isMillisecondTimestamp(value)) return `${value.slice(0, 23)}000000`;
  const match = UTC_TIMESTAMP.exec(value);
  if (match === null) return null;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  return `${match[1]}T${match[2]}.${fraction.padEnd(9, '0')}`;
}

/** 'dddd-dd-ddTdd:dd:dd.dddZ': '.' stands for itself, 'd' for a digit. */
const MILLISECOND_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddZ';

function isMillisecondTimestamp(value: string): boolean {
  if (value.length !== MILLISECOND_SHAPE.length) return false;
  for (let i = 0; i < MILLISECOND_SHAPE.length; i++) {
    const code = value.charCodeAt(i);
    const shape = MILLISECOND_SHAPE.charCodeAt(i);
    if (shape === 0x64 /* d */ ? code < 0x30 || code > 0x39 : code !== shape) return false;
  }
  return true;
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
