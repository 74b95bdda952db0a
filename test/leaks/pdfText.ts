// The text a reader of a PDF sees, recovered well enough to scan it: every Flate stream
// inflated, the fonts' ToUnicode maps read, and every string shown in a text object decoded
// through them, in page order and joined without separators (a word broken across lines or
// kerned in pieces joins up again). Chromium (Skia) writes Identity-H fonts whose glyph ids
// mean nothing without these maps, so a plain byte search of a PDF would see nothing at all.
import { inflateSync } from 'node:zlib';

function streamsOf(pdf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const text = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push(inflateSync(raw));
    } catch {
      out.push(raw);
    }
    re.lastIndex = end + 'endstream'.length;
  }
  return out;
}

function hexToCodes(hex: string, width: number): number[] {
  const clean = hex.replace(/\s+/g, '');
  const codes: number[] = [];
  for (let i = 0; i + width <= clean.length; i += width) codes.push(parseInt(clean.slice(i, i + width), 16));
  return codes;
}

function unicodeOf(hex: string): string {
  const units = hexToCodes(hex, 4);
  return String.fromCharCode(...units);
}

/** glyph code -> text, from every ToUnicode CMap in the file (Skia's subsets agree on the codes they share). */
function toUnicodeMaps(streams: readonly Buffer[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const s of streams) {
    const text = s.toString('latin1');
    if (!text.includes('begincmap')) continue;
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const pair of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(pair[1] as string, 16), unicodeOf(pair[2] as string));
    }
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const range of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const lo = parseInt(range[1] as string, 16);
        const hi = parseInt(range[2] as string, 16);
        const base = parseInt(range[3] as string, 16);
        for (let code = lo; code <= hi && code - lo < 65536; code++) map.set(code, String.fromCodePoint(base + code - lo));
      }
    }
  }
  return map;
}

export function pdfText(pdf: Buffer): string {
  const streams = streamsOf(pdf);
  const cmap = toUnicodeMaps(streams);
  const parts: string[] = [];
  for (const s of streams) {
    const text = s.toString('latin1');
    if (!text.includes('BT')) continue;
    for (const block of text.matchAll(/BT([\s\S]*?)ET/g)) {
      for (const shown of (block[1] ?? '').matchAll(/<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
        if (shown[1] !== undefined) parts.push(hexToCodes(shown[1], 4).map((code) => cmap.get(code) ?? '').join(''));
        else if (shown[2] !== undefined) parts.push(shown[2].replace(/\\(.)/g, '$1'));
      }
    }
  }
  // The document information (title and the like) is plain text in the file itself.
  return `${parts.join('')}\n${pdf.toString('latin1').replace(/[^\x20-\x7e\n]/g, ' ')}`;
}
