// JSON Canonicalization Scheme (RFC 8785), which STIX 2.1 §2.9 prescribes for the ID
// contributing properties of deterministic SCO identifiers.

/**
 * RFC 8785 text of a JSON value: object members sorted by UTF-16 code units (§3.2.3),
 * no whitespace, numbers as ECMAScript prints them (§3.2.2.3), strings escaped as
 * JSON.stringify does (§3.2.2.2 matches it).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('RFC 8785 §3.2.2.3: non-finite numbers are not JSON');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      // Default sort compares UTF-16 code units, as §3.2.3 requires.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`not a JSON value: ${typeof value}`);
}
