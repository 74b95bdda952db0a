// The printable warning (issue 7): the approved product as a document for the meeting where
// it is read out or handed over. CAPCO-style layout: the banner line at the top and the
// bottom of every page, and a portion mark before each paragraph. The document is
// deterministic (no render time in it), so its SHA-256 names exactly what was shown or handed
// over, and a re-render of the same product gives the same hash.
import { parseBanner } from '../../domain/markings/banner.ts';
import { sha256Hex } from './requestDelivery.ts';

export interface PrintableInput {
  readonly banner: string;
  readonly warningText: string;
  readonly productId: string;
  /** SHA-256 of the approved bundle: printed so the paper can be matched to the record. */
  readonly productSha256: string;
  /** Who it is for (the partner's display name); printed under the title. */
  readonly recipient: string;
}

export interface PrintableDocument {
  readonly html: string;
  readonly sha256: string;
  /** The portion marks, one per paragraph, in order (what the tests and the officer check). */
  readonly portionMarks: readonly string[];
}

const CONTROL_ABBREVIATIONS: Readonly<Record<string, string>> = { NOFORN: 'NF', ORCON: 'OC' };
const CLASSIFICATION_ABBREVIATIONS = ['U', 'C', 'S', 'TS'] as const;

/**
 * The portion mark matching a banner: its classification abbreviated and NOFORN/ORCON in
 * their register short forms (`SECRET//REL TO USA, SYR` → `(S//REL TO USA, SYR)`). A banner
 * we cannot read (a bare TLP label) is put in parentheses as it stands.
 */
export function portionMarkFor(banner: string): string {
  const trimmed = banner.trim();
  const marking = parseBanner(trimmed);
  if (marking === undefined || marking.classification === undefined) return `(${trimmed})`;
  const level = CLASSIFICATION_ABBREVIATIONS.find((c) => c === marking.classification) ?? 'U';
  const categories = trimmed.split('//').slice(1).map((category) =>
    category.split('/').map((control) => CONTROL_ABBREVIATIONS[control.trim().toUpperCase()] ?? control.trim()).join('/'),
  );
  return `(${[level, ...categories].join('//')})`;
}

/** A paragraph that already opens with a readable portion mark keeps it. */
const LEADING_MARK = /^\(([^()]{1,120})\)\s+/;

function splitMark(paragraph: string): { mark: string | null; body: string } {
  const match = LEADING_MARK.exec(paragraph);
  if (match === null) return { mark: null, body: paragraph };
  const inner = match[1] as string;
  const readable = parseBanner(inner) !== undefined || /^TLP:/i.test(inner);
  return readable ? { mark: `(${inner.trim()})`, body: paragraph.slice(match[0].length) } : { mark: null, body: paragraph };
}

export function paragraphsOf(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((p) => p.trim().replace(/\s*\n\s*/g, ' ')).filter((p) => p !== '');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Renders the document. A paragraph without its own portion mark gets the product's mark:
 * the banner is the highest marking of the product, so this over-marks rather than under-marks.
 */
export function renderPrintable(input: PrintableInput): PrintableDocument {
  const banner = input.banner.trim();
  const fallback = portionMarkFor(banner);
  const marks: string[] = [];
  const paragraphs = paragraphsOf(input.warningText).map((paragraph) => {
    const { mark, body } = splitMark(paragraph);
    const shown = mark ?? fallback;
    marks.push(shown);
    return `    <p><span class="portion">${escapeHtml(shown)}</span> ${escapeHtml(body)}</p>`;
  });
  const b = escapeHtml(banner);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${b} — Warning ${escapeHtml(input.productId)}</title>
<style>
  body { font-family: "DejaVu Serif", Georgia, serif; font-size: 12pt; margin: 2.5cm 2cm; line-height: 1.45; }
  .banner { font-family: "DejaVu Sans", Arial, sans-serif; font-weight: bold; text-align: center; letter-spacing: 0.05em; }
  .portion { font-family: "DejaVu Sans", Arial, sans-serif; font-weight: bold; }
  h1 { font-size: 16pt; text-align: center; margin: 1.2em 0 0.2em; }
  .meta { font-size: 9pt; text-align: center; color: #333; word-break: break-all; }
  @media print {
    /* Every printed page carries the banner at its top and bottom. */
    .banner { position: fixed; left: 0; right: 0; }
    .banner-top { top: 0.8cm; }
    .banner-bottom { bottom: 0.8cm; }
  }
</style>
</head>
<body>
  <header class="banner banner-top">${b}</header>
  <main>
    <h1>Warning</h1>
    <p class="meta">For ${escapeHtml(input.recipient)}<br>product ${escapeHtml(input.productId)} · SHA-256 ${escapeHtml(input.productSha256)}</p>
${paragraphs.join('\n')}
  </main>
  <footer class="banner banner-bottom">${b}</footer>
</body>
</html>
`;
  return { html, sha256: sha256Hex(html), portionMarks: marks };
}
