// MISP import and export (issue 5): MISP core-format event JSON <-> STIX 2.1 objects.
// Pure converters: no storage, no I/O. See README.md in this folder for the mapping.
import type { StixObject } from '../../domain/stix/object.ts';
import { ObjectCollector, type ImportResult } from '../common/result.ts';
import { nowTimestamp } from '../common/time.ts';
import { importEvent } from './import-event.ts';
import { unwrapEvents } from './input.ts';

export type { ImportIssue, ImportResult } from '../common/result.ts';
export { exportMispEvent, type MispExportOptions } from './export.ts';

export interface MispImportOptions {
  /** Used where the input has no time at all; give it for deterministic output. */
  readonly now?: string;
}

/**
 * Converts MISP JSON (one event with or without the `Event` wrapper, a list of events, or a
 * `{response: [...]}` search result) to STIX objects. Bad items are rejected one by one with
 * a reason; items without a STIX form are listed as unmapped. Ids derive from MISP uuids,
 * so importing the same event again gives the same objects.
 */
export function importMisp(json: unknown, options: MispImportOptions = {}): ImportResult {
  const now = nowTimestamp(options.now);
  const { events, invalid } = unwrapEvents(json);
  const collector = new ObjectCollector();
  const result: ImportResult = { objects: [], rejected: [], unmapped: [], summary: {} };
  const add = (key: string, n: number): void => {
    result.summary[key] = (result.summary[key] ?? 0) + n;
  };
  add('events.total', events.length + invalid);
  if (invalid > 0) {
    add('events.rejected', invalid);
    result.rejected.push({ item: 'input', code: 'not-an-event', message: `${invalid} entr${invalid === 1 ? 'y is' : 'ies are'} not MISP events` });
  }
  events.forEach((event, i) => {
    const converted = importEvent(event, i, now);
    for (const object of converted.objects) collector.add(object);
    result.rejected.push(...converted.rejected);
    result.unmapped.push(...converted.unmapped);
    for (const [key, n] of Object.entries(converted.counts)) add(key, n);
    if (converted.objects.length === 0) add('events.rejected', 1);
  });
  const objects: StixObject[] = collector.objects();
  for (const object of objects) add(`stix.${object.type}`, 1);
  return { ...result, objects };
}
