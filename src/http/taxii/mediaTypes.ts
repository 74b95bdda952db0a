// Content negotiation (TAXII 2.1 §1.6.8, RFC 7231 §5.3.2 Accept, §3.1.1.5 Content-Type).
//
// Every TAXII 2.1 endpoint answers `application/taxii+json;version=2.1`. A request is
// acceptable when the most specific of its Accept media ranges that matches that type has a
// q-value above zero; `application/taxii+json` without a version means the latest version
// (§1.6.8.2), which is 2.1 here. A request without an Accept header accepts anything
// (RFC 7231 §5.3.2), although TAXII clients MUST send one (§3.1).

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const TAXII_VERSION = '2.1';

export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  /** Parameter names lower-cased; values unquoted. */
  readonly params: ReadonlyMap<string, string>;
}

interface MediaRange extends MediaType {
  readonly q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Splits on `sep` outside double-quoted strings. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] as string);
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** `type/subtype *(; name=value)`, or null when it is not one. */
export function parseMediaType(text: string): MediaType | null {
  const [essence = '', ...rawParams] = splitOutsideQuotes(text, ';');
  const slash = essence.trim().split('/');
  if (slash.length !== 2) return null;
  const [type, subtype] = slash.map((s) => s.trim().toLowerCase()) as [string, string];
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return null;
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    if (raw.trim() === '') continue;
    const eq = raw.indexOf('=');
    if (eq <= 0) return null;
    const name = raw.slice(0, eq).trim().toLowerCase();
    let value = raw.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!TOKEN.test(name)) return null;
    params.set(name, value);
  }
  return { type, subtype, params };
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    if (part.trim() === '') continue;
    const parsed = parseMediaType(part);
    // An unreadable range is ignored, as if absent.
    if (parsed === null) continue;
    // §5.3.1: the weight "q" separates media-type parameters from accept-extensions.
    const params = new Map<string, string>();
    let q = 1;
    for (const [name, value] of parsed.params) {
      if (name === 'q') {
        q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
        break;
      }
      params.set(name, value);
    }
    ranges.push({ ...parsed, params, q });
  }
  return ranges;
}

/** How specifically a range matches the TAXII 2.1 type: -1 not at all, higher is more specific. */
function specificity(range: MediaRange): number {
  if (range.type === '*' && range.subtype === '*') return 0;
  if (range.type !== 'application') return -1;
  if (range.subtype === '*') return 1;
  if (range.subtype !== 'taxii+json') return -1;
  let matched = 0;
  for (const [name, value] of range.params) {
    // charset says nothing about the version; JSON is UTF-8 anyway (§1.6.7).
    if (name === 'charset') continue;
    if (name !== 'version' || value !== TAXII_VERSION) return -1;
    matched += 1;
  }
  return 2 + matched;
}

/** Whether an Accept header lets us answer with TAXII 2.1 (otherwise: 406). */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  // What TAXII clients send on every request: no need to parse it each time.
  if (accept === TAXII_MEDIA_TYPE) return true;
  let best = -1;
  let q = 0;
  for (const range of parseAccept(accept)) {
    const s = specificity(range);
    // The most specific matching range decides; among equals, the highest weight.
    if (s > best || (s === best && range.q > q)) {
      best = s;
      q = range.q;
    }
  }
  return best >= 0 && q > 0;
}

/**
 * Whether a request body's Content-Type is TAXII 2.1 (§5.5 Add Objects): with version=2.1,
 * or no version (the latest). Anything else is 415.
 */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const parsed = parseMediaType(contentType);
  if (parsed === null || parsed.type !== 'application' || parsed.subtype !== 'taxii+json') return false;
  for (const [name, value] of parsed.params) {
    if (name === 'version' && value !== TAXII_VERSION) return false;
    if (name === 'charset' && value.toLowerCase() !== 'utf-8') return false;
    if (name !== 'version' && name !== 'charset') return false;
  }
  return true;
}
