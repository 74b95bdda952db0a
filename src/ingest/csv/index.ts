// CSV import (issue 5): indicator or observable lists with a header row -> STIX 2.1
// indicators (with patterns) or SCOs. Pure converter: no storage, no I/O.
import type { StixObject } from '../../domain/stix/object.ts';
import { derivedId } from '../common/ids.ts';
import { tlpMarking } from '../common/markings.ts';
import { inferObservableType, observableComparisons, refang, resolveObservableType } from '../common/observable-types.ts';
import { renderPattern } from '../common/pattern.ts';
import { ObjectCollector, type ImportIssue, type ImportResult } from '../common/result.ts';
import { buildSco } from '../common/sco.ts';
import { nowTimestamp, toTimestamp } from '../common/time.ts';
import { mapColumns, type Field } from './columns.ts';
import { detectDelimiter, parseCsv } from './parse.ts';

export type { ImportIssue, ImportResult } from '../common/result.ts';

export interface CsvImportOptions {
  /** `,` `;` tab (`\t` or "tab") `|`…; detected from the first lines when absent. */
  readonly delimiter?: string;
  /** Field -> header name, for headers we do not recognise, e.g. `{ value: 'ioc', type: 'kind' }`. */
  readonly columns?: Readonly<Record<string, string>>;
  /** Indicators with STIX patterns (default) or observables (SCOs). */
  readonly as?: 'indicators' | 'observables';
  /** Creation time of the indicators and their default valid_from; give it for deterministic output. */
  readonly now?: string;
  /** TLP for rows without a tlp column value, e.g. `amber` or `TLP:CLEAR`. */
  readonly defaultTlp?: string;
}

/** Columns that only an indicator has; observables (§6) carry none of them. */
const INDICATOR_ONLY: readonly Field[] = ['name', 'description', 'labels', 'valid_from', 'valid_until', 'confidence'];

function delimiterOf(option: string | undefined, text: string): string | undefined {
  if (option === undefined || option === 'auto') return detectDelimiter(text);
  if (option === 'tab' || option === '\\t') return '\t';
  return option.length === 1 && option !== '"' && option !== '\r' && option !== '\n' ? option : undefined;
}

function failed(issue: ImportIssue): ImportResult {
  return { objects: [], rejected: [issue], unmapped: [], summary: { rows: 0, 'rows.imported': 0, 'rows.rejected': 0 } };
}

export function importCsv(text: string, options: CsvImportOptions = {}): ImportResult {
  const delimiter = delimiterOf(options.delimiter, text);
  if (delimiter === undefined) return failed({ item: 'options', code: 'invalid-delimiter', message: `a delimiter is one character other than a quote or line break, not "${options.delimiter ?? ''}"` });
  const defaultTlp = options.defaultTlp === undefined ? undefined : tlpMarking(options.defaultTlp, /clear|strict/i.test(options.defaultTlp) ? 2 : 1);
  if (options.defaultTlp !== undefined && defaultTlp === undefined) {
    // Importing without the marking the caller asked for could release data too widely.
    return failed({ item: 'options', code: 'invalid-tlp', message: `not a TLP level: "${options.defaultTlp}"` });
  }
  const as = options.as ?? 'indicators';
  const now = nowTimestamp(options.now);
  const { records, errors } = parseCsv(text, delimiter);
  const rejected: ImportIssue[] = errors.map((e) => ({ item: `row at line ${e.line}`, line: e.line, code: 'malformed-csv', message: e.message }));
  const unmapped: ImportIssue[] = [];
  const summary: Record<string, number> = {};
  const count = (key: string): void => {
    summary[key] = (summary[key] ?? 0) + 1;
  };
  const [header, ...rows] = records;
  if (header === undefined) return { objects: [], rejected: [...rejected, { item: 'input', code: 'empty-input', message: 'no header row' }], unmapped: [], summary: { rows: 0 } };
  const columns = mapColumns(header.fields, options.columns);
  if (!columns.ok) return failed({ item: 'header', line: header.line, code: 'missing-column', message: columns.message });
  for (const name of columns.ignored) unmapped.push({ item: `column ${name}`, line: header.line, code: 'ignored-column', message: `column "${name}" is not one Tearline reads` });

  const collector = new ObjectCollector();
  const firstLineOf = new Map<string, number>();
  const unusedColumns = new Set<Field>();
  summary['rows'] = rows.length + errors.length;
  summary['rows.rejected'] = errors.length;
  summary['rows.imported'] = 0;

  for (const row of rows) {
    const item = `row at line ${row.line}`;
    const reject = (code: string, message: string): void => {
      rejected.push({ item, line: row.line, code, message });
      count('rows.rejected');
    };
    if (row.fields.length !== header.fields.length) {
      reject('ragged-row', `${row.fields.length} fields where the header has ${header.fields.length}`);
      continue;
    }
    const field = (name: Field): string => {
      const at = columns.index[name];
      return at === undefined ? '' : (row.fields[at] ?? '').trim();
    };
    const value = refang(field('value'));
    if (value.length === 0) {
      reject('missing-value', 'the value is empty');
      continue;
    }
    const typeText = field('type');
    const type = typeText.length === 0 || /^hash$/i.test(typeText) ? inferObservableType(value) : resolveObservableType(typeText);
    if (type === undefined) {
      if (typeText.length > 0 && !/^hash$/i.test(typeText)) reject('unknown-type', `unknown type "${typeText}"`);
      else reject('cannot-infer-type', `cannot tell what kind of value "${value}" is; add a type column`);
      continue;
    }
    const tlpText = field('tlp');
    const tlp = tlpText.length === 0 ? defaultTlp : tlpMarking(tlpText, /clear|strict/i.test(tlpText) ? 2 : 1);
    if (tlpText.length > 0 && tlp === undefined) {
      reject('invalid-tlp', `not a TLP level: "${tlpText}"`);
      continue;
    }
    const markings = tlp === undefined ? [] : [tlp.id];

    if (as === 'observables') {
      for (const name of INDICATOR_ONLY) if (field(name).length > 0) unusedColumns.add(name);
      const observe = observableComparisons(type, value, 'observe');
      if (!observe.ok) {
        reject(observe.code, observe.code === 'no-observable-form' ? `${observe.message}; import it as an indicator instead` : observe.message);
        continue;
      }
      const sco = buildSco(observe.comparisons, observe.kinds);
      if (!sco.ok) {
        reject('no-observable-form', sco.message);
        continue;
      }
      for (const object of sco.objects) collector.add(markings.length === 0 ? object : { ...object, object_marking_refs: markings });
      count('rows.imported');
      count(`type.${type}`);
      continue;
    }

    const comparisons = observableComparisons(type, value, 'pattern');
    if (!comparisons.ok) {
      reject(comparisons.code, comparisons.message);
      continue;
    }
    const confidenceText = field('confidence');
    const confidence = confidenceText.length === 0 ? undefined : Number(confidenceText);
    // §3.2: confidence is an integer 0-100.
    if (confidence !== undefined && !(Number.isInteger(confidence) && confidence >= 0 && confidence <= 100)) {
      reject('invalid-confidence', `confidence is an integer from 0 to 100, not "${confidenceText}"`);
      continue;
    }
    const validFrom = field('valid_from').length === 0 ? now : toTimestamp(field('valid_from'));
    const validUntil = field('valid_until').length === 0 ? undefined : toTimestamp(field('valid_until'));
    if (validFrom === undefined || (field('valid_until').length > 0 && validUntil === undefined)) {
      reject('invalid-timestamp', 'valid_from and valid_until are RFC 3339 timestamps or dates');
      continue;
    }
    // §4.7: valid_until must be later than valid_from.
    if (validUntil !== undefined && Date.parse(validUntil) <= Date.parse(validFrom)) {
      reject('invalid-timestamp', 'valid_until is not later than valid_from');
      continue;
    }
    const pattern = renderPattern(comparisons.comparisons);
    const id = derivedId('indicator', `csv:${pattern}`);
    const first = firstLineOf.get(id);
    if (first !== undefined) {
      unmapped.push({ item, line: row.line, code: 'duplicate', message: `the same indicator as the row at line ${first}; the first one is kept` });
      count('rows.duplicate');
      continue;
    }
    firstLineOf.set(id, row.line);
    const labels = field('labels').split(/[;,|]/).map((l) => l.trim()).filter((l) => l.length > 0);
    const indicator: Record<string, unknown> = {
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: now,
      modified: now,
      name: field('name') || comparisons.comparisons.map((c) => String(c.value)).join('|'),
    };
    if (field('description').length > 0) indicator['description'] = field('description');
    Object.assign(indicator, { pattern, pattern_type: 'stix', pattern_version: '2.1', valid_from: validFrom });
    if (validUntil !== undefined) indicator['valid_until'] = validUntil;
    if (labels.length > 0) indicator['labels'] = [...new Set(labels)];
    if (confidence !== undefined) indicator['confidence'] = confidence;
    if (markings.length > 0) indicator['object_marking_refs'] = markings;
    collector.add(indicator as StixObject);
    count('rows.imported');
    count(`type.${type}`);
  }
  for (const name of unusedColumns) unmapped.push({ item: `column ${name}`, line: header.line, code: 'not-for-observables', message: `observables have no ${name}; the column was not imported` });
  const objects = collector.objects();
  for (const object of objects) count(`stix.${object.type}`);
  return { objects, rejected, unmapped, summary };
}
