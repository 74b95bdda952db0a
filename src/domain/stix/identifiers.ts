// STIX identifiers (STIX 2.1 §2.9): `object-type--UUID`, where the UUID MUST be an RFC 4122
// UUID. Parsed by hand (fixed offsets) rather than with a regular expression: identifiers are
// the most frequent value in a bundle and this keeps the check linear and allocation-light.

const UUID_LENGTH = 36;
/** '--' plus the UUID. */
const SUFFIX_LENGTH = UUID_LENGTH + 2;

export interface ParsedIdentifier {
  /** The object type the identifier names, e.g. `indicator`. */
  readonly type: string;
  /** The UUID, as written. */
  readonly uuid: string;
  /** The RFC 4122 version nibble (4 = random, 5 = name-based SHA-1, ...). */
  readonly version: number;
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function hexValue(c: number): number {
  if (c <= 57) return c - 48;
  if (c >= 97) return c - 87;
  return c - 55;
}

/**
 * The UUID version when `text[start..start+36)` is an RFC 4122 UUID (8-4-4-4-12 hex digits,
 * variant bits 10xx), else -1. RFC 4122 §4.1.3 defines versions 1-5; the later RFC 9562
 * versions 6-8 share the layout and are accepted too. Version 0 (the nil UUID) and 9-15 are not.
 */
export function uuidVersionAt(text: string, start: number): number {
  if (text.length - start < UUID_LENGTH) return -1;
  for (let i = 0; i < UUID_LENGTH; i++) {
    const c = text.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45 /* - */) return -1;
    } else if (!isHexCode(c)) {
      return -1;
    }
  }
  const version = hexValue(text.charCodeAt(start + 14));
  const variant = hexValue(text.charCodeAt(start + 19));
  // RFC 4122 §4.1.1: the variant field of an RFC 4122 UUID is binary 10xx (8, 9, a, b).
  if (variant < 8 || variant > 11) return -1;
  if (version < 1 || version > 8) return -1;
  return version;
}

/**
 * A valid STIX type name: 3-250 characters of a-z, 0-9 and hyphen, beginning with a letter
 * (§3.1), with no hyphen immediately after another (§11.2.1, §7.3.2.2). A trailing hyphen is
 * rejected too: it would make `type--UUID` ambiguous.
 */
export function isValidTypeName(name: string): boolean {
  const n = name.length;
  if (n < 3 || n > 250) return false;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const letter = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    if (i === 0 && !letter) return false;
    if (c === 45) {
      if (previous === 45) return false;
    } else if (!letter && !digit) {
      return false;
    }
    previous = c;
  }
  return previous !== 45;
}

/** Parses `object-type--UUID` (§2.9); null when the text is not a STIX identifier. */
export function parseIdentifier(text: string): ParsedIdentifier | null {
  const n = text.length;
  if (n < SUFFIX_LENGTH + 3) return null;
  const sep = n - SUFFIX_LENGTH;
  if (text.charCodeAt(sep) !== 45 || text.charCodeAt(sep + 1) !== 45) return null;
  const version = uuidVersionAt(text, sep + 2);
  if (version < 0) return null;
  const type = text.slice(0, sep);
  if (!isValidTypeName(type)) return null;
  return { type, uuid: text.slice(sep + 2), version };
}

/** The type of a syntactically valid STIX identifier, or null when `text` is not one. */
export function validIdentifierType(text: string): string | null {
  const n = text.length;
  if (n < SUFFIX_LENGTH + 3) return null;
  const sep = n - SUFFIX_LENGTH;
  if (text.charCodeAt(sep) !== 45 || text.charCodeAt(sep + 1) !== 45) return null;
  if (uuidVersionAt(text, sep + 2) < 0) return null;
  const type = text.slice(0, sep);
  return isValidTypeName(type) ? type : null;
}

/** True when `text` is a syntactically valid STIX identifier. */
export function isIdentifier(text: string): boolean {
  return validIdentifierType(text) !== null;
}

/** The type prefix of an identifier, without validating it; '' when there is no `--UUID`. */
export function identifierType(text: string): string {
  const sep = text.length - SUFFIX_LENGTH;
  if (sep <= 0 || text.charCodeAt(sep) !== 45 || text.charCodeAt(sep + 1) !== 45) return '';
  return text.slice(0, sep);
}
