// Free-text extraction on windows of the real AnnoCTR and synthetic reports, mutated at the
// byte level and salted with banners, portion marks, observables and dates: binary or bad
// UTF-8 is refused with a typed error; text always gives a valid, self-contained STIX bundle
// and mentions whose offsets point at their own text.
import fc from 'fast-check';
import { checkText, extractFromText } from '../../../src/ingest/text/index.ts';
import { statedPublicationDate } from '../../../src/ingest/text/statedDate.ts';
import { isIsoDate } from '../../../src/cli/isoDate.ts';
import { validateBundle } from '../../../src/domain/stix/index.ts';
import type { Corpus } from '../corpus.ts';
import { mutateBytes, sequenceMutations } from '../mutate.ts';
import { importOutputProblems } from '../properties.ts';
import type { FuzzTarget } from '../target.ts';

export interface TextInput {
  readonly bytes: Uint8Array;
  /** --published as typed (the CLI refuses non-dates such as 2024-02-30); null: the date the text states. */
  readonly published: string | null;
}

const NOW = '2025-01-01T00:00:00.000Z';
/** Inputs stay under this, so the time bound catches superlinear work rather than sheer size (26 KB takes ~0.2 s). */
const MAX_BYTES = 64 * 1024;
const TOKENS: readonly string[] = [
  'TOP SECRET//SI//NOFORN', 'SECRET//REL TO USA, GBR, FVEY', '(S//NF)', '(U)', '(TS//SI//REL TO USA, AUS)', 'UNCLASSIFIED//FOUO', 'TLP:RED', 'TLP:AMBER+STRICT', 'PAP:GREEN',
  ' 198.51.100.7 ', ' 2001:db8::1 ', ' evil[.]example[.]com ', ' hxxps://bad.example/a?b=c ', ' 0123456789abcdef0123456789abcdef ', ' CVE-2024-12345 ', ' +44 20 7946 0958 ',
  ' on 3 March 2024 ', ' yesterday ', ' last Tuesday ', ' 2024-02-30 ', ' APT28 ', ' Lazarus Group ', ' Damascus ', ' Kyiv ', ' Vladimir Putin ', '\n\n', '\r\n', '\u0000', '\ud800',
  '\u202e', '\ufeff', '(', ')', '//', 'Date: 2024-13-45\n',
].map((t) => t);
const encoder = new TextEncoder();
const BYTE_TOKENS = [...TOKENS.map((t) => encoder.encode(t)), Uint8Array.of(0xff), Uint8Array.of(0xc3), Uint8Array.of(0xed, 0xa0, 0x80)];

export const textExtractorTarget: FuzzTarget<TextInput> = {
  name: 'text-extractor',
  description: 'checkText + extractFromText on mutated report windows: typed refusal or a valid self-contained bundle with sound mentions',
  inputs(corpus: Corpus) {
    const window = fc
      .tuple(fc.constantFrom(...corpus.texts), fc.nat(), fc.integer({ min: 0, max: 6000 }))
      .map(([text, start, length]) => text.slice(start % Math.max(1, text.length), (start % Math.max(1, text.length)) + length));
    const bytes = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(window, sequenceMutations(6)).map(([t, m]) => mutateBytes(encoder.encode(t), m, BYTE_TOKENS, MAX_BYTES)) },
      { weight: 2, arbitrary: window.map((t) => encoder.encode(t)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TOKENS), fc.integer({ min: 100, max: 5000 })).map(([t, n]) => encoder.encode(t.repeat(n).slice(0, 60_000))) },
    );
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const published = fc.oneof(
      fc.constant(null),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
    );
    return fc.record({ bytes, published });
  },
  encode: (input) => ({ base64: Buffer.from(input.bytes).toString('base64'), published: input.published }),
  decode: (encoded) => {
    const e = encoded as { base64: string; published: string | null };
    return { bytes: new Uint8Array(Buffer.from(e.base64, 'base64')), published: e.published };
  },
  async run({ bytes, published }) {
    const checked = checkText(bytes);
    if (!checked.ok) {
      const { code, message } = checked.error;
      return code === 'binary-input' || code === 'invalid-utf8' ? (message.trim() === '' ? ['refusal without a message'] : []) : [`unknown refusal code ${String(code)}`];
    }
    // `tearline ingest|extract --published` refuse what is not a calendar date (found by this target: 2651-60-39 was taken).
    if (published !== null && !isIsoDate(published)) return [];
    const text = checked.text;
    // The CLI's choice when no --published is given: the stated date, else today.
    const date = published ?? statedPublicationDate(text) ?? NOW.slice(0, 10);
    const { bundle, mentions } = extractFromText(text, { published: date, now: NOW });
    const problems: string[] = [];
    const validation = validateBundle(bundle);
    for (const error of validation.errors.slice(0, 3)) problems.push(`bundle is invalid STIX: ${error.path} ${error.code}: ${error.message}`);
    problems.push(...importOutputProblems(bundle.objects ?? []).filter((p) => !p.includes('is invalid STIX')));
    for (const m of mentions) {
      if (!(Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.start <= m.end && m.end <= text.length)) {
        problems.push(`mention ${m.kind} has offsets ${m.start}..${m.end} outside the text (length ${text.length})`);
        break;
      }
      if (text.slice(m.start, m.end) !== m.text) {
        problems.push(`mention ${m.kind} '${m.text.slice(0, 40)}' is not the text at ${m.start}..${m.end}`);
        break;
      }
    }
    return problems;
  },
  async warmUp() {
    extractFromText('APT28 struck Kyiv on 3 March 2024 from 198.51.100.7.', { published: '2024-03-04', now: NOW });
  },
};
