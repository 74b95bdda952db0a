// The PDF text extractor the leak scan reads the printed warning with. A canary it fails to
// read is a leak it cannot see, so what Chromium really writes is tested: a ligature behind an
// /ActualText span (a hex canary holding "ff" went missing from the printed warning once),
// and codes that mean different characters in two fonts. The hand-built PDFs pin each case
// down without Chromium; the printed one checks that Chromium still writes what we read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, inflateSync } from 'node:zlib';
import { renderPrintable } from '../../src/app/delivery/printable.ts';
import { chromiumAvailable, DEFAULT_CHROMIUM, htmlToPdf } from '../../src/delivery/print.ts';
import { pdfText } from './pdfText.ts';
import { WARNING_TEXT } from './release.ts';

/** A ToUnicode CMap as Skia writes it: two-byte codes, one character each. */
function toUnicode(map: Readonly<Record<number, string>>): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  const pairs = Object.entries(map).map(([code, text]) => `<${hex(Number(code))}> <${[...text].map((c) => hex(c.charCodeAt(0))).join('')}>`);
  return `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${pairs.length} beginbfchar\n${pairs.join('\n')}\nendbfchar\nendcmap\nend\nend\n`;
}

/** A one-page PDF whose fonts are only their ToUnicode maps (all the extractor reads of them). */
function minimalPdf(content: string, fonts: readonly Readonly<Record<number, string>>[]): Buffer {
  const objects: (string | Buffer)[] = [];
  const add = (body: string | Buffer): number => objects.push(body);
  const stream = (data: string, compress: boolean): Buffer => {
    const bytes = compress ? deflateSync(Buffer.from(data, 'latin1')) : Buffer.from(data, 'latin1');
    return Buffer.concat([Buffer.from(`<</Length ${bytes.length}${compress ? ' /Filter /FlateDecode' : ''}>>\nstream\n`), bytes, Buffer.from('\nendstream')]);
  };
  const fontRefs = fonts.map((map, i) => {
    const cmap = add(stream(toUnicode(map), true));
    return `/F${i + 1} ${add(`<</Type /Font /Subtype /Type0 /BaseFont /F${i + 1} /Encoding /Identity-H /ToUnicode ${cmap} 0 R>>`)} 0 R`;
  });
  const contents = add(stream(content, true));
  const pages = objects.length + 2;
  const page = add(`<</Type /Page /Parent ${pages} 0 R /Resources <</Font <<${fontRefs.join(' ')}>>>> /MediaBox [0 0 595 842] /Contents ${contents} 0 R>>`);
  add(`<</Type /Pages /Count 1 /Kids [${page} 0 R]>>`);
  add(`<</Type /Catalog /Pages ${pages} 0 R>>`);
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  objects.forEach((body, i) => parts.push(Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')));
  parts.push(Buffer.from(`trailer\n<</Size ${objects.length + 1} /Root ${objects.length} 0 R>>\n%%EOF\n`));
  return Buffer.concat(parts);
}

const shown = (pdf: Buffer): string => pdfText(pdf).split('\n')[0] as string;

test('a ligature in an /ActualText span reads as its text, not as the ligature glyph', () => {
  // Skia's own form: the shaped "ff" glyph (ToUnicode U+FB00) inside a span saying "ff".
  const body = { 1: 'c', 2: 'a', 3: 'b', 4: '\uFB00' };
  const literal = 'BT\n/F1 12 Tf\n<00010002> Tj\n/Span<</ActualText (ff) >> BDC\n<0004> Tj\nEMC\n<0003> Tj\nET\n';
  assert.equal(shown(minimalPdf(literal, [body])), 'caffb');
  // Non-ASCII ActualText is UTF-16BE behind a byte order mark, in hex or in a literal.
  const hex = 'BT /F1 12 Tf <0002> Tj /Span <</ActualText <FEFF00660066>>> BDC <0004> Tj EMC ET';
  assert.equal(shown(minimalPdf(hex, [body])), 'aff');
  const octal = 'BT /F1 12 Tf /Span <</ActualText (\\376\\377\\000f\\000f)>> BDC <0004> Tj EMC <0003> Tj ET';
  assert.equal(shown(minimalPdf(octal, [body])), 'ffb');
  // Marked content without ActualText changes nothing.
  assert.equal(shown(minimalPdf('BT /F1 12 Tf /P <</MCID 0>> BDC <00010002> Tj EMC /Artifact BMC <0003> Tj EMC ET', [body])), 'cab');
});

test('each font is read through its own ToUnicode map', () => {
  // The same codes, different characters: glyph ids of two fonts that do not share a glyph order.
  const banner = { 0x24: 'S', 0x25: 'E' };
  const other = { 0x24: '7', 0x25: 'f' };
  const content = 'BT /F1 10 Tf <00240025> Tj ET BT /F2 12 Tf [<0024> -20 <0025>] TJ /F1 10 Tf <0025> Tj ET';
  assert.equal(shown(minimalPdf(content, [banner, other])), 'SE7fE');
  assert.equal(shown(minimalPdf(content, [other, banner])), '7fSEf');
});

test('a canary holding "ff" printed by Chromium is read back', async (t) => {
  if (!chromiumAvailable()) {
    t.skip(`no Chromium at ${DEFAULT_CHROMIUM}: only the hand-built PDFs are tested`);
    return;
  }
  // As in the leak tests: canaryMaker's form, printed from the printable warning.
  const canaries = ['cnry00ff1an7q', 'cnryaffb00n1q', 'cnry5ffc98n984q'];
  const banner = 'SECRET//REL TO USA, SYR';
  const doc = renderPrintable({
    banner, warningText: canaries.map((c) => WARNING_TEXT(c)).join('\n\n'),
    productId: 'bundle--ff', productSha256: 'ff'.repeat(32), recipient: 'Syrian GSS',
  });
  const pdf = await htmlToPdf(doc.html, { timeoutMs: 60_000 });
  assert.ok(pdf.ok, pdf.ok ? '' : pdf.reason);
  const raw = Buffer.from(pdf.pdf);
  // Not vacuous: Chromium did shape a ligature and mark it with its real text.
  const streams = [...raw.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
    try { return inflateSync(Buffer.from(m[1] as string, 'latin1')).toString('latin1'); } catch { return ''; }
  });
  assert.ok(streams.some((s) => s.includes('/ActualText (ff)')), 'the "ff" ligature behind an ActualText span');
  const text = shown(raw);
  assert.ok(text.includes(banner), 'the banner');
  for (const canary of canaries) assert.ok(text.includes(canary), `${canary} in ${JSON.stringify(text.slice(0, 600))}`);
  assert.ok(!text.includes('\uFB00'), 'no ligature glyph read in place of its letters');
});
