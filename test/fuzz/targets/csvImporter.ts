// The CSV importer on indicator lists built from real MISP attribute values, then mutated
// (quotes, delimiters, line breaks, truncation), with every option: a typed result, each
// rejected row named with a reason, and output that ingest can store whole.
import fc from 'fast-check';
import { importCsv, type CsvImportOptions } from '../../../src/ingest/csv/index.ts';
import type { Corpus } from '../corpus.ts';
import { mutateText, sequenceMutations } from '../mutate.ts';
import { importOutputProblems, issueProblems } from '../properties.ts';
import type { FuzzTarget } from '../target.ts';

export interface CsvInput {
  readonly text: string;
  readonly options: CsvImportOptions;
}

const NOW = '2025-01-01T00:00:00.000Z';
const HEADERS: readonly (readonly string[])[] = [
  ['value', 'type'],
  ['ioc', 'kind', 'comment', 'tlp'],
  ['indicator', 'type', 'name', 'labels', 'first_seen', 'last_seen', 'confidence', 'tlp'],
  ['Data', 'Value-Type', 'Notes', 'Score'],
  ['value'],
  ['type', 'value', 'value'],
];
const CELLS: readonly string[] = [
  '', 'amber', 'TLP:RED', 'tlp:clear', 'purple', '50', '101', '-1', '3.5', 'abc', '2024-01-01', '2024-02-30', '2024-01-01T00:00:00Z', '1999-12-31T23:59:60Z',
  'phishing;c2|apt', 'hash', 'ip', 'domain', 'url', 'sha256', 'filename|md5', 'email', 'unknown-type', 'hxxp://evil[.]example/x', '"quoted, value"',
];
const CSV_TOKENS: readonly string[] = [',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', '\ufeff', 'hxxp://', '[.]', '[@]', '\u0000', '\ud800', ' ', '='.repeat(5000)];

function cell(text: string, delimiter: string): string {
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvImporterTarget: FuzzTarget<CsvInput> = {
  name: 'csv-importer',
  description: 'importCsv on mutated indicator lists with random options: typed result, every row issue named, output valid STIX',
  inputs(corpus: Corpus) {
    const delimiter = fc.constantFrom(',', ';', '\t', '|');
    const row = fc.tuple(fc.constantFrom(...corpus.attributes), fc.array(fc.constantFrom(...CELLS), { minLength: 8, maxLength: 8 }));
    const table = fc.tuple(fc.constantFrom(...HEADERS), fc.array(row, { minLength: 0, maxLength: 40 }), delimiter, fc.constantFrom('\n', '\r\n')).map(([header, rows, d, eol]) => {
      const lines = rows.map(([attribute, extra]) => header.map((h, i) => cell(/value|ioc|indicator|data/i.test(h) ? attribute.value : /type|kind/i.test(h) ? (i % 2 === 0 ? attribute.type : (extra[i] as string)) : /comment|notes/i.test(h) ? attribute.comment : (extra[i] as string), d)).join(d));
      return [header.join(d), ...lines].join(eol);
    });
    const text = fc.oneof(
      { weight: 3, arbitrary: table },
      { weight: 4, arbitrary: fc.tuple(table, sequenceMutations(4)).map(([t, m]) => mutateText(t, m, CSV_TOKENS)) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    );
    const options: fc.Arbitrary<CsvImportOptions> = fc.record(
      {
        delimiter: fc.constantFrom(',', ';', '\t', 'tab', '\\t', '|', 'auto', '', 'ab', '"', '\n', '\r'),
        as: fc.constantFrom('indicators' as const, 'observables' as const),
        defaultTlp: fc.constantFrom('amber', 'TLP:CLEAR', 'amber+strict', 'red', 'white', 'bogus', ''),
        columns: fc.constantFrom<Readonly<Record<string, string>>>({ value: 'ioc' }, { value: 'value', type: 'kind' }, { bogus: 'x' }, { value: 'missing' }, { value: 'data', description: 'notes' }),
      },
      { requiredKeys: [] },
    );
    return fc.record({ text, options: options.map((o) => ({ ...o, now: NOW })) });
  },
  encode: (input) => input,
  decode: (encoded) => encoded as CsvInput,
  async run({ text, options }) {
    const result = importCsv(text, options);
    return [...issueProblems('rejected', result.rejected, 'item'), ...issueProblems('unmapped', result.unmapped, 'item'), ...importOutputProblems(result.objects)];
  },
};
