// Loads a stored report and what it references, and reads its facts (domain/fusion
// reportFactsFrom) with the importers' hints translated (textHints.ts). Also returns what a
// threat's grouping needs from it: a title and the markings of everything its facts came from.
import { reportFactsFrom, type ReportFacts } from '../../domain/fusion/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import type { StoreReader } from '../ports.ts';
import { gradesFromSource, normaliseFacts, withExtractionHints } from './textHints.ts';

export interface LoadedReport {
  readonly facts: ReportFacts;
  readonly title: string;
  /** Object marking refs of the report and of every object it references (sorted, distinct). */
  readonly markings: readonly string[];
  readonly unresolvedRefs: readonly string[];
}

export type LoadReportResult =
  | { readonly ok: true; readonly report: LoadedReport }
  | { readonly ok: false; readonly code: 'unknown-report' | 'not-a-report' | 'revoked'; readonly message: string };

/** Parsed latest versions by id, shared by the reports of one batch (null: not stored). */
export type ObjectCache = Map<string, StixObject | null>;

export async function loadReport(reader: StoreReader, reportId: string, cache: ObjectCache = new Map()): Promise<LoadReportResult> {
  const get = async (id: string): Promise<StixObject | null> => {
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    const record = await reader.getLatestObject(id);
    const object = record === null ? null : withExtractionHints(JSON.parse(record.json) as StixObject);
    cache.set(id, object);
    return object;
  };
  const report = await get(reportId);
  if (report === null) return { ok: false, code: 'unknown-report', message: `no stored object ${reportId}` };
  if (report.type !== 'report') return { ok: false, code: 'not-a-report', message: `${reportId} is a ${report.type}, not a report` };
  // STIX 2.1 §3.6: a revoked object is no longer valid; it leaves its threat.
  if (report.revoked === true) return { ok: false, code: 'revoked', message: `${reportId} is revoked` };

  // The same graph fromStix.ts walks: object_refs, relationship endpoints, observed-data refs.
  const referenced = new Map<string, StixObject>();
  const add = async (id: unknown): Promise<StixObject | null> => {
    if (typeof id !== 'string' || referenced.has(id)) return null;
    const object = await get(id);
    if (object !== null) referenced.set(id, object);
    return object;
  };
  for (const ref of strings(report.object_refs)) {
    const object = await add(ref);
    if (object?.type === 'relationship') {
      await add(object.source_ref);
      await add(object.target_ref);
    } else if (object?.type === 'observed-data') {
      for (const seen of strings(object.object_refs)) await add(seen);
    }
  }
  const markings = new Set(strings(report.object_marking_refs));
  for (const object of referenced.values()) for (const m of strings(object.object_marking_refs)) markings.add(m);
  const creator = typeof report.created_by_ref === 'string' ? await get(report.created_by_ref) : null;
  if (creator !== null) referenced.set(creator.id, creator);

  const result = reportFactsFrom(report, referenced, gradesFromSource(creator ?? undefined));
  if (!result.ok) return { ok: false, code: 'not-a-report', message: result.error.message };
  return {
    ok: true,
    report: {
      facts: normaliseFacts(result.facts, creator ?? undefined),
      title: typeof report.name === 'string' && report.name.trim() !== '' ? report.name : report.id,
      markings: [...markings].sort(),
      unresolvedRefs: result.unresolvedRefs,
    },
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
