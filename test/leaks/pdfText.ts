// The text a reader of a PDF sees, recovered well enough to scan it: every Flate stream
// inflated, the fonts' ToUnicode maps read, and every string shown in a content stream decoded
// through the map of the font selected for it, in page order and joined without separators (a
// word broken across lines or kerned in pieces joins up again). Chromium (Skia) writes
// Identity-H fonts whose glyph ids mean nothing without these maps, so a plain byte search of
// a PDF would see nothing at all.
//
// Two things a copy-paste from a viewer honours, and so must we:
// - codes are glyph ids of one font: two fonts (a fallback, or a banner font of another
//   family) can use the same code for different characters, so one map for the whole file
//   would misread one of them;
// - where the glyphs do not map one-to-one to the text (a ligature: HarfBuzz shapes "ff" in
//   DejaVu Serif as the single glyph U+FB00), Skia wraps them in a marked-content span whose
//   /ActualText is the real text. Reading the glyph instead gives "ﬀ" — and a canary holding
//   "ff" (its random hex tag does, about one run in fifty) was not found in the printed warning.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  readonly num: number;
  /** The object's text up to its stream, if any (latin1). */
  readonly dict: string;
  readonly stream?: Buffer;
}

/** A font's ToUnicode map, and how many bytes one code takes (from its codespace range). */
interface FontMap {
  readonly bytes: number;
  readonly map: Map<number, string>;
}

function inflated(dict: string, raw: Buffer): Buffer {
  if (!/\/FlateDecode\b/.test(dict)) return raw;
  try {
    return inflateSync(raw);
  } catch {
    // A truncated or oddly terminated stream still yields what it can.
    try {
      return inflateSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    } catch {
      return raw;
    }
  }
}

function objectsOf(pdf: Buffer): PdfObject[] {
  const text = pdf.toString('latin1');
  const out: PdfObject[] = [];
  const header = /(\d+)\s+\d+\s+obj\b/g;
  for (let m = header.exec(text); m !== null; m = header.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const endobj = text.indexOf('endobj', bodyStart);
    const streamAt = text.slice(bodyStart, endobj < 0 ? undefined : endobj).search(/\bstream\r?\n/);
    if (streamAt < 0) {
      out.push({ num: Number(m[1]), dict: text.slice(bodyStart, endobj < 0 ? undefined : endobj) });
      if (endobj >= 0) header.lastIndex = endobj + 'endobj'.length;
      continue;
    }
    const dict = text.slice(bodyStart, bodyStart + streamAt);
    const dataStart = bodyStart + streamAt + (text.startsWith('stream\r\n', bodyStart + streamAt) ? 8 : 7);
    // Trust a direct /Length when it lands on `endstream`: compressed bytes may hold anything.
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let dataEnd = -1;
    if (length !== null) {
      const end = dataStart + Number(length[1]);
      if (/^\s*endstream/.test(text.slice(end, end + 12))) dataEnd = end;
    }
    if (dataEnd < 0) dataEnd = text.indexOf('endstream', dataStart);
    if (dataEnd < 0) break;
    out.push({ num: Number(m[1]), dict, stream: inflated(dict, pdf.subarray(dataStart, dataEnd)) });
    header.lastIndex = dataEnd + 'endstream'.length;
  }
  return out;
}

/** Characters from UTF-16 units or bytes, in slices: a long string would overflow the argument list. */
function chars(units: readonly number[]): string {
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

function hexBytes(hex: string): number[] {
  const clean = hex.replace(/[^0-9A-Fa-f]/g, '');
  const padded = clean.length % 2 === 0 ? clean : `${clean}0`;
  const bytes: number[] = [];
  for (let i = 0; i < padded.length; i += 2) bytes.push(parseInt(padded.slice(i, i + 2), 16));
  return bytes;
}

function codesOf(bytes: readonly number[], width: number): number[] {
  const codes: number[] = [];
  for (let i = 0; i + width <= bytes.length; i += width) {
    let code = 0;
    for (let j = 0; j < width; j++) code = code * 256 + (bytes[i + j] as number);
    codes.push(code);
  }
  return codes;
}

function utf16(hex: string): string {
  return chars(codesOf(hexBytes(hex), 2));
}

function parseCmap(text: string): FontMap {
  const map = new Map<number, string>();
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(text);
  const bytes = space === null ? 2 : Math.max(1, Math.ceil((space[1] as string).length / 2));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(pair[1] as string, 16), utf16(pair[2] as string));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(range[1] as string, 16);
      const hi = parseInt(range[2] as string, 16);
      if (range[4] !== undefined) {
        // The array form: one destination per code.
        const targets = [...range[4].matchAll(/<([0-9A-Fa-f]*)>/g)].map((t) => utf16(t[1] as string));
        targets.forEach((target, i) => { if (lo + i <= hi) map.set(lo + i, target); });
        continue;
      }
      // A destination of several units (a ligature's letters) counts up in its last unit.
      const units = codesOf(hexBytes(range[3] as string), 2);
      if (units.length === 0) continue;
      for (let code = lo; code <= hi && code - lo < 65536; code++) {
        const last = (units[units.length - 1] as number) + code - lo;
        map.set(code, String.fromCharCode(...units.slice(0, -1), last & 0xffff));
      }
    }
  }
  return { bytes, map };
}

type Token =
  | { readonly kind: 'string'; readonly bytes: number[]; readonly hex: boolean }
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'number' }
  | { readonly kind: 'open' | 'close' | 'dictOpen' | 'dictClose' }
  | { readonly kind: 'op'; readonly value: string };

const DELIMITER = /[\s()<>[\]{}/%]/;

function literalBytes(text: string, from: number): { bytes: number[]; end: number } {
  const bytes: number[] = [];
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      const n = text[i + 1] ?? '';
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
      if (n in simple) { bytes.push(simple[n] as number); i += 2; continue; }
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal !== null) { bytes.push(parseInt(octal[0], 8) & 0xff); i += 1 + octal[0].length; continue; }
      if (n === '\r') { i += text[i + 2] === '\n' ? 3 : 2; continue; }
      if (n === '\n') { i += 2; continue; }
      if (n !== '') bytes.push(n.charCodeAt(0));
      i += 2;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return { bytes, end: i + 1 };
    bytes.push(c.charCodeAt(0));
    i++;
  }
  return { bytes, end: i };
}

/** The tokens of a content stream; never throws, whatever bytes it is given. */
function* tokens(text: string): Generator<Token> {
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '%') { while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++; continue; }
    if (c === '(') { const s = literalBytes(text, i + 1); yield { kind: 'string', bytes: s.bytes, hex: false }; i = s.end; continue; }
    if (c === '<' && text[i + 1] === '<') { yield { kind: 'dictOpen' }; i += 2; continue; }
    if (c === '>' && text[i + 1] === '>') { yield { kind: 'dictClose' }; i += 2; continue; }
    if (c === '<') {
      const end = text.indexOf('>', i + 1);
      const stop = end < 0 ? text.length : end;
      yield { kind: 'string', bytes: hexBytes(text.slice(i + 1, stop)), hex: true };
      i = stop + 1;
      continue;
    }
    if (c === '[') { yield { kind: 'open' }; i++; continue; }
    if (c === ']') { yield { kind: 'close' }; i++; continue; }
    let j = i + 1;
    while (j < text.length && !DELIMITER.test(text[j] as string)) j++;
    if (c === '/') { yield { kind: 'name', value: text.slice(i + 1, j) }; i = j; continue; }
    if (j === i + 1 && /[>)}{]/.test(c)) { i++; continue; }
    const word = text.slice(i, j);
    i = j;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) { yield { kind: 'number' }; continue; }
    if (word === 'ID') {
      // Inline image data is binary: skip to its EI.
      const ei = text.slice(i).search(/\sEI(?=[\s]|$)/);
      i = ei < 0 ? text.length : i + ei + 3;
      continue;
    }
    yield { kind: 'op', value: word };
  }
}

/** A PDF text string (as in /ActualText): UTF-16BE after a byte order mark, else one byte a character. */
function textString(bytes: readonly number[]): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return chars(codesOf(bytes.slice(2), 2));
  return chars(bytes);
}

/** The text shown in one content stream, with the fonts known by resource name. */
function shownText(content: string, fontsByName: ReadonlyMap<string, FontMap | null>, merged: FontMap): string {
  const out: string[] = [];
  // The open marked-content sequences, each with its ActualText (or null): text shown inside
  // one that has it gives way to it.
  const marked: { actual: string | null }[] = [];
  let font: FontMap | null | undefined;
  const decode = ({ bytes, hex }: { bytes: readonly number[]; hex: boolean }): string => {
    // A font we know: its own map. A font without a map: a simple font, its bytes as they are.
    // A font we cannot resolve: a hex string read as Skia writes them, through every map at once.
    if (font === null || (font === undefined && !hex)) return chars(bytes);
    const f = font ?? merged;
    // A one-byte code the map leaves out is most likely the character itself; keep it rather than lose it.
    return codesOf(bytes, f.bytes).map((code) => f.map.get(code) ?? (f.bytes === 1 ? String.fromCharCode(code) : '')).join('');
  };
  const show = (text: string): void => {
    if (!marked.some((m) => m.actual !== null)) out.push(text);
  };
  let operands: (Token | Token[])[] = [];
  let array: Token[] | null = null;
  let dictDepth = 0;
  let dictTokens: Token[] = [];
  for (const token of tokens(content)) {
    if (dictDepth > 0) {
      if (token.kind === 'dictOpen') dictDepth++;
      if (token.kind === 'dictClose' && --dictDepth === 0) { operands.push(dictTokens); dictTokens = []; continue; }
      dictTokens.push(token);
      continue;
    }
    if (token.kind === 'dictOpen') { dictDepth = 1; continue; }
    if (array !== null) {
      if (token.kind === 'close') { operands.push(array); array = null; } else array.push(token);
      continue;
    }
    if (token.kind === 'open') { array = []; continue; }
    if (token.kind !== 'op') { operands.push(token); continue; }
    const op = token.value;
    const strings = (list: readonly (Token | Token[])[]): (Token & { kind: 'string' })[] =>
      list.flatMap((o) => (Array.isArray(o) ? o : [o])).filter((t): t is Token & { kind: 'string' } => t.kind === 'string');
    if (op === 'Tf') {
      const name = operands.find((o): o is Token & { kind: 'name' } => !Array.isArray(o) && o.kind === 'name');
      font = name === undefined ? undefined : fontsByName.get(name.value);
    } else if (op === 'Tj' || op === 'TJ' || op === "'" || op === '"') {
      for (const shown of strings(op === '"' ? operands.slice(-1) : operands)) show(decode(shown));
    } else if (op === 'BDC' || op === 'BMC') {
      let actual: string | null = null;
      const props = operands.find((o): o is Token[] => Array.isArray(o));
      if (props !== undefined) {
        const at = props.findIndex((t) => t.kind === 'name' && t.value === 'ActualText');
        const value = props[at + 1];
        if (at >= 0 && value?.kind === 'string') actual = textString(value.bytes);
      }
      marked.push({ actual });
    } else if (op === 'EMC') {
      const closed = marked.pop();
      if (closed?.actual !== null && closed?.actual !== undefined) show(closed.actual);
    }
    operands = [];
  }
  // A span left open at the end of the stream still stands for its text.
  const open = marked.find((m) => m.actual !== null);
  if (open?.actual !== undefined && open.actual !== null) out.push(open.actual);
  return out.join('');
}

export function pdfText(pdf: Buffer): string {
  const objects = objectsOf(pdf);
  const byNum = new Map(objects.map((o) => [o.num, o]));
  // Font object -> its ToUnicode map (null: a font with none).
  const fontMaps = new Map<number, FontMap | null>();
  const merged: FontMap = { bytes: 2, map: new Map() };
  for (const o of objects) {
    if (!/\/Type\s*\/Font\b/.test(o.dict)) continue;
    const ref = /\/ToUnicode\s+(\d+)\s+\d+\s+R/.exec(o.dict);
    const cmap = ref === null ? undefined : byNum.get(Number(ref[1]))?.stream;
    if (cmap === undefined) { fontMaps.set(o.num, null); continue; }
    fontMaps.set(o.num, parseCmap(cmap.toString('latin1')));
  }
  // For a font we cannot resolve (its dictionary out of our reach), every map in the file at once.
  for (const o of objects) {
    const text = o.stream?.toString('latin1');
    if (text === undefined || !text.includes('begincmap')) continue;
    const parsed = parseCmap(text);
    if (parsed.bytes === 2) for (const [code, unicode] of parsed.map) merged.map.set(code, unicode);
  }
  // Resource name -> font. A name bound to different fonts in different resource dictionaries
  // cannot be told apart here (we do not walk the page tree): it falls back to the merged map.
  const fontsByName = new Map<string, FontMap | null>();
  const ambiguous = new Set<string>();
  const bindings = (dict: string): void => {
    for (const b of dict.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)) {
      const name = b[1] as string;
      const font = fontMaps.get(Number(b[2]));
      if (font === undefined) continue;
      if (fontsByName.has(name) && fontsByName.get(name) !== font) ambiguous.add(name);
      fontsByName.set(name, font);
    }
  };
  for (const o of objects) {
    for (const inline of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) bindings(inline[1] ?? '');
    for (const ref of o.dict.matchAll(/\/Font\s+(\d+)\s+\d+\s+R/g)) bindings(byNum.get(Number(ref[1]))?.dict ?? '');
  }
  for (const name of ambiguous) fontsByName.delete(name);

  const parts: string[] = [];
  for (const o of objects) {
    if (o.stream === undefined || /\/Subtype\s*\/Image\b|\/Length1\b|\/Type\s*\/XRef\b/.test(o.dict)) continue;
    const text = o.stream.toString('latin1');
    if (!/\bBT\b/.test(text) || text.includes('begincmap')) continue;
    parts.push(shownText(text, fontsByName, merged));
  }
  // The document information (title and the like) is plain text in the file itself.
  return `${parts.join('')}\n${pdf.toString('latin1').replace(/[^\x20-\x7e\n]/g, ' ')}`;
}
