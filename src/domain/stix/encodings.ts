// Encoded values: binary (base64, §2.1), hex (§2.8) and hash digests (§2.7, §10.7).

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** RFC 4648 §4 base64 with padding, as the JSON serialisation of `binary` requires (§2.1). */
export function isBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  let padding = 0;
  if (n > 0 && text.charCodeAt(n - 1) === 61) padding = text.charCodeAt(n - 2) === 61 ? 2 : 1;
  for (let i = 0; i < n - padding; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  return true;
}

/** Hex digit classes of a string: -1 not hex (or odd length), 0 lowercase only, 1 has uppercase. */
export function hexCase(text: string): -1 | 0 | 1 {
  if (text.length % 2 !== 0) return -1;
  let upper: 0 | 1 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    if (c >= 65 && c <= 70) upper = 1;
    else return -1;
  }
  return upper;
}

function isHexOfLength(text: string, length: number): boolean {
  return text.length === length && hexCase(text) >= 0;
}

/**
 * Whether a hash value has the format its algorithm defines (§10.7: "MUST be a valid ...
 * message digest"). Unknown (custom) algorithms are not checked. Hex digests are accepted in
 * either case: the hash vocabulary does not restrict case, and producers commonly use both.
 */
export function isValidHashValue(algorithm: string, value: string): boolean {
  switch (algorithm) {
    case 'MD5':
      return isHexOfLength(value, 32);
    case 'SHA-1':
      return isHexOfLength(value, 40);
    case 'SHA-256':
    case 'SHA3-256':
      return isHexOfLength(value, 64);
    case 'SHA-512':
    case 'SHA3-512':
      return isHexOfLength(value, 128);
    case 'TLSH':
      // 35 bytes, i.e. 70 hex digits; newer TLSH tools prefix a version such as "T1".
      return isHexOfLength(value, 70) || (value.length === 72 && (value.charCodeAt(0) | 32) === 116 && isHexOfLength(value.slice(2), 70));
    case 'SSDEEP':
      return isSsdeep(value);
    default:
      return true;
  }
}

/** `blocksize:hash:hash` (ssdeep's piecewise hash text form). */
function isSsdeep(value: string): boolean {
  const first = value.indexOf(':');
  const second = value.indexOf(':', first + 1);
  if (first <= 0 || second <= first + 1 || second >= value.length - 1) return false;
  for (let i = 0; i < first; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}
