// Cuts a bundle's `objects` list into the bytes of each element without decoding or parsing
// them, so a big bundle (ATT&CK: 50 MB, 25,000 objects) is decoded and parsed piece by piece
// by the judge, on another thread, instead of on the thread that writes. (Decoding ATT&CK to
// one string alone took longer than parsing it: its few non-ASCII characters make the whole
// string two-byte.) Works on UTF-8 bytes: every byte of a multi-byte character is >= 0x80, so
// quotes, backslashes and brackets are found by byte.
//
// Sound by construction: the text outside the list (the envelope, with an empty list) is
// parsed whole here, and every element is parsed by the judge, which rejects any element that
// is not JSON. Between elements only JSON whitespace and commas are accepted. Valid pieces in
// valid separators make valid JSON with the same value as one JSON.parse of the whole. Anything
// the cutter is not sure of (no `objects` key, a key written with escapes, `objects` twice, a
// trailing comma, not a bundle) gives undefined, and the caller parses the text whole, which
// reports malformed input as it always has.
//
// The cutter tracks only strings and bracket depth; it does not check that brackets match.
// An element with mismatched brackets is still cut somewhere, and then fails its own parse.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export interface SplitBundle {
  /** The bundle with an empty `objects` list. */
  readonly envelope: Record<string, unknown>;
  /** Each element of `objects`, in order: a view of its bytes in the input. */
  readonly elements: readonly Uint8Array[];
}

/** `text` is UTF-8 already checked to be valid; a byte order mark is left to the caller. */
export function splitBundle(text: Uint8Array): SplitBundle | undefined {
  let i = skipWhitespace(text, 0);
  if (text[i] !== OPEN_BRACE) return undefined;
  i = skipWhitespace(text, i + 1);
  let listOpen = -1;
  let listClose = -1;
  const elements: Uint8Array[] = [];
  if (text[i] !== CLOSE_BRACE) {
    for (;;) {
      if (text[i] !== QUOTE) return undefined;
      const keyEnd = endOfString(text, i);
      if (keyEnd < 0) return undefined;
      const key = isObjectsKey(text, i + 1, keyEnd);
      i = skipWhitespace(text, keyEnd + 1);
      if (text[i] !== COLON) return undefined;
      i = skipWhitespace(text, i + 1);
      if (key === 'objects') {
        // JSON.parse keeps the last of repeated keys; cutting the first would disagree with it.
        if (listOpen >= 0 || text[i] !== OPEN_BRACKET) return undefined;
        listOpen = i;
        listClose = cutElements(text, i + 1, elements);
        if (listClose < 0) return undefined;
        i = listClose + 1;
      } else {
        // "obj\u0065cts" is the key `objects` too.
        if (key === 'escaped') return undefined;
        i = endOfValue(text, i);
        if (i < 0) return undefined;
      }
      i = skipWhitespace(text, i);
      const next = text[i];
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) return undefined;
      i = skipWhitespace(text, i + 1);
    }
  }
  if (listOpen < 0 || skipWhitespace(text, i + 1) !== text.length) return undefined;
  let envelope: unknown;
  try {
    const decoder = new TextDecoder();
    envelope = JSON.parse(decoder.decode(text.subarray(0, listOpen + 1)) + decoder.decode(text.subarray(listClose)));
  } catch {
    return undefined;
  }
  if (envelope === null || typeof envelope !== 'object' || (envelope as { type?: unknown }).type !== 'bundle') return undefined;
  return { envelope: envelope as Record<string, unknown>, elements };
}

/** Pushes each element of the list opened just before `start`; returns the index of its `]`, or -1. */
function cutElements(text: Uint8Array, start: number, out: Uint8Array[]): number {
  let i = skipWhitespace(text, start);
  if (text[i] === CLOSE_BRACKET) return i;
  for (;;) {
    const end = endOfValue(text, i);
    if (end < 0) return -1;
    const elementEnd = trimWhitespaceEnd(text, i, end);
    if (elementEnd === i) return -1;
    out.push(text.subarray(i, elementEnd));
    const separator = text[end];
    if (separator === CLOSE_BRACKET) return end;
    if (separator !== COMMA) return -1;
    i = skipWhitespace(text, end + 1);
  }
}

/** The index of the `,`, `}` or `]` that ends the value starting at `start` (outside any nesting), or -1. */
function endOfValue(text: Uint8Array, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      depth -= 1;
    } else if (c === COMMA && depth === 0) {
      return i;
    }
  }
  return -1;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function endOfString(text: Uint8Array, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** RFC 8259 §2: whitespace is space, tab, line feed and carriage return only. */
function isWhitespace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWhitespace(text: Uint8Array, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text[i])) i += 1;
  return i;
}

function trimWhitespaceEnd(text: Uint8Array, start: number, end: number): number {
  let e = end;
  while (e > start && isWhitespace(text[e - 1])) e -= 1;
  return e;
}

const OBJECTS = [...'objects'].map((c) => c.charCodeAt(0));

/** Whether the key between `start` and `end` is `objects`, another key, or one written with escapes. */
function isObjectsKey(text: Uint8Array, start: number, end: number): 'objects' | 'other' | 'escaped' {
  if (text.subarray(start, end).includes(BACKSLASH)) return 'escaped';
  if (end - start !== OBJECTS.length) return 'other';
  for (let k = 0; k < OBJECTS.length; k++) if (text[start + k] !== OBJECTS[k]) return 'other';
  return 'objects';
}
