// The printable warning as PDF (issue 7 "A printable warning … as HTML and as PDF"): the
// HTML of app/delivery/printable.ts printed by headless Chromium through playwright-core
// (`page.pdf`, Chromium's own print path, so the @media print rules — the banner fixed at
// the top and bottom of every page — apply). Chromium is a system package here
// (/usr/bin/chromium); without it the PDF is refused with a reason, never faked.
//
// The PDF's bytes carry a creation date, so its hash changes from one print to the next:
// the record names the HTML's hash, which is stable; the PDF's own hash names the file that
// was printed and handed over.
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export type PdfResult =
  | { readonly ok: true; readonly pdf: Uint8Array; readonly sha256: string }
  | { readonly ok: false; readonly reason: string };

export function chromiumAvailable(path: string = DEFAULT_CHROMIUM): boolean {
  return existsSync(path);
}

export async function htmlToPdf(html: string, options: { readonly chromiumPath?: string; readonly timeoutMs?: number } = {}): Promise<PdfResult> {
  const path = options.chromiumPath ?? DEFAULT_CHROMIUM;
  if (!chromiumAvailable(path)) return { ok: false, reason: `no Chromium at ${path}: install it (apt-get install chromium) to print PDFs; the HTML is printable as is` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: path, args: ['--no-sandbox'], timeout: options.timeoutMs ?? 30_000 });
  try {
    const page = await browser.newPage();
    // No network: the document is self-contained, and a warning must not fetch anything.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '2cm', bottom: '2cm', left: '1.5cm', right: '1.5cm' } });
    return { ok: true, pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
  } finally {
    await browser.close();
  }
}
