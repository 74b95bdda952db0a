// The printable warning: the banner at the top and the bottom, a portion mark before every
// paragraph (its own, or the product's), text escaped, the same bytes (and hash) every time;
// and the PDF printed by headless Chromium (skipped, with the reason, when it is absent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { portionMarkFor, renderPrintable } from '../../src/app/delivery/printable.ts';
import { chromiumAvailable, DEFAULT_CHROMIUM, htmlToPdf } from '../../src/delivery/print.ts';
import { BANNER, WARNING_TEXT } from './support.ts';

const INPUT = {
  banner: BANNER,
  warningText: WARNING_TEXT,
  productId: `product--${'a'.repeat(64)}`,
  productSha256: 'a'.repeat(64),
  recipient: 'Syrian General Security Service, liaison desk',
};

test('portion marks follow the banner: classification abbreviated, NOFORN and ORCON short', () => {
  assert.equal(portionMarkFor('SECRET//REL TO USA, SYR'), '(S//REL TO USA, SYR)');
  assert.equal(portionMarkFor('TOP SECRET//SI//ORCON/NOFORN'), '(TS//SI//OC/NF)');
  assert.equal(portionMarkFor('UNCLASSIFIED'), '(U)');
  assert.equal(portionMarkFor('TLP:AMBER'), '(TLP:AMBER)');
});

test('the printable HTML has the banner top and bottom and a portion mark before each paragraph', () => {
  const doc = renderPrintable(INPUT);
  const body = doc.html.slice(doc.html.indexOf('<body>'));
  const lines = body.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== '<body>' && l !== '</body>' && l !== '</html>');
  assert.equal(lines[0], `<header class="banner banner-top">${BANNER}</header>`, 'the banner opens the document');
  assert.equal(lines.at(-1), `<footer class="banner banner-bottom">${BANNER}</footer>`, 'and closes it');
  const paragraphs = [...body.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1] as string);
  assert.equal(paragraphs.length, 3);
  assert.deepEqual(doc.portionMarks, ['(S//REL TO USA, SYR)', '(S//REL TO USA, SYR)', '(S//REL TO USA, SYR)']);
  for (const p of paragraphs) assert.match(p, /^<span class="portion">\(S\/\/REL TO USA, SYR\)<\/span> \S/, 'every paragraph opens with its portion mark');
  assert.ok(!paragraphs[1]?.includes('(S//REL TO USA, SYR) The vehicle'), 'a paragraph\'s own mark is not doubled');
  assert.match(paragraphs[2] as string, /Protect the southern gate &amp; the pilgrims&#39; route &lt;now&gt;\./, 'text is escaped');
  assert.match(doc.html, /@media print \{[\s\S]*\.banner \{ position: fixed;/, 'printed pages repeat the banner');
  assert.equal(doc.sha256, createHash('sha256').update(doc.html).digest('hex'));
  assert.equal(renderPrintable(INPUT).sha256, doc.sha256, 'the same product renders to the same document');
  assert.equal(renderPrintable({ ...INPUT, warningText: `${WARNING_TEXT}\n` }).sha256, doc.sha256, 'a trailing line break is not substance');
  assert.notEqual(renderPrintable({ ...INPUT, warningText: WARNING_TEXT.replace('Friday', 'Thursday') }).sha256, doc.sha256);
});

test('the printable PDF (headless Chromium through playwright-core)', async (t) => {
  if (!chromiumAvailable()) {
    t.skip(`no Chromium at ${DEFAULT_CHROMIUM}: the PDF is not tested here`);
    return;
  }
  const pdf = await htmlToPdf(renderPrintable(INPUT).html, { timeoutMs: 60_000 });
  assert.ok(pdf.ok, pdf.ok ? '' : pdf.reason);
  assert.equal(Buffer.from(pdf.pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
  assert.ok(pdf.pdf.length > 1000);
  assert.equal(pdf.sha256, createHash('sha256').update(pdf.pdf).digest('hex'));
  const missing = await htmlToPdf('<p>x</p>', { chromiumPath: '/nonexistent/chromium' });
  assert.equal(missing.ok, false);
  assert.match(missing.ok ? '' : missing.reason, /no Chromium at \/nonexistent\/chromium/);
});
