// What other importers write, in the form fusion reads (domain/fusion/fromStix.ts and
// stixFacts.ts read `x_tearline_*` custom properties). Importers that came first write some
// of the same facts differently; this module translates, so the rules stay in one place:
//
//   text extractor (src/ingest/text, extension x-tearline-mentions on every object):
//     extraction "automatic" / confirmed            -> x_tearline_automatic / x_tearline_analyst_confirmed
//     report `dates` [{value: YYYY-MM-DD | YYYY-MM | YYYY | a/b}] -> x_tearline_window (rule below)
//     location `key` "place:<kind>:…" / "site:<kind>:…"          -> x_tearline_place_kind (+ city)
//     a site the gazetteer did not know (no coordinates: "a Shia shrine") -> a site key of its
//       own, so two texts' generic phrases are never taken for the same named site
//     SCO types x-tearline-phone-number, x-tearline-crypto-wallet -> phone-number, cryptocurrency-wallet
//     user-account telegram handles                               -> telegram observables
//     created_by_ref = the extractor's `system` identity          -> source unknown (a tool is not an origin)
//   MISP importer (src/ingest/common/admiralty.ts): the source's grade in an identity
//     extension property `source_reliability` (A-G)               -> reliability (G, deceptive, as E)
import type { SourceGrades } from '../../domain/fusion/index.ts';
import type { ObservableFact, Reliability, ReportFacts, TimeWindow } from '../../domain/fusion/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';

/** src/ingest/text/stix/definitions.ts MENTIONS_EXTENSION_ID (app may not import ingest). */
export const MENTIONS_EXTENSION_ID = 'extension-definition--3f6c2a8e-91b4-4d7e-a05c-7e2d9b41c8f5';

const PLACE_KINDS = new Set(['site', 'city', 'region', 'country']);
const DAY_MS = 86_400_000;

const OBSERVABLE_TYPES: Readonly<Record<string, string>> = {
  'x-tearline-phone-number': 'phone-number',
  'x-tearline-crypto-wallet': 'cryptocurrency-wallet',
};

function mentionsOf(object: StixObject): Record<string, unknown> | undefined {
  const extensions = object.extensions;
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const ext = (extensions as Record<string, unknown>)[MENTIONS_EXTENSION_ID];
  return typeof ext === 'object' && ext !== null ? (ext as Record<string, unknown>) : undefined;
}

/** The object with the extractor's facts as the `x_tearline_*` properties fusion reads; unchanged when there are none. */
export function withExtractionHints(object: StixObject): StixObject {
  const ext = mentionsOf(object);
  if (ext === undefined) return object;
  const added: Record<string, unknown> = {};
  if (object.type === 'report') {
    if (object.x_tearline_automatic === undefined) added.x_tearline_automatic = ext.extraction === 'automatic';
    if (object.x_tearline_analyst_confirmed === undefined) added.x_tearline_analyst_confirmed = ext.confirmed === true;
    if (object.x_tearline_window === undefined) {
      const window = windowFromDates(ext.dates, typeof object.published === 'string' ? object.published : undefined);
      if (window !== null) added.x_tearline_window = window;
    }
  } else if (object.type === 'location' && object.x_tearline_place_kind === undefined && typeof ext.key === 'string') {
    // The entity key is "<mention kind>:<place kind>:<country>:<name>" (src/ingest/text/stix/bundle.ts entityKey).
    const kind = ext.key.split(':')[1];
    if (kind !== undefined && PLACE_KINDS.has(kind)) {
      added.x_tearline_place_kind = kind;
      if (kind === 'city' && object.city === undefined && typeof object.name === 'string') added.city = object.name;
      const located = typeof object.latitude === 'number' && typeof object.longitude === 'number';
      if (kind === 'site' && !located && object.x_tearline_site_key === undefined) added.x_tearline_site_key = object.id;
    }
  }
  return Object.keys(added).length === 0 ? object : { ...object, ...added };
}

/**
 * The threat window a text gives: of the dates it mentions, those that end after its
 * publication day (a plot lies ahead of the reporting; the dateline and what already
 * happened do not), the narrowest, earliest on ties (DOMAIN.md §3 "when": the most specific
 * statement). Day-level dates cover the whole day, UTC.
 */
export function windowFromDates(dates: unknown, published: string | undefined): TimeWindow | null {
  if (!Array.isArray(dates) || published === undefined) return null;
  const publishedMs = Date.parse(published);
  if (Number.isNaN(publishedMs)) return null;
  const endOfPublicationDay = Math.floor(publishedMs / DAY_MS) * DAY_MS + DAY_MS;
  let best: { start: number; end: number } | null = null;
  for (const date of dates) {
    const value = typeof date === 'object' && date !== null ? (date as { value?: unknown }).value : undefined;
    if (typeof value !== 'string') continue;
    const span = spanOf(value);
    if (span === null || span.end <= endOfPublicationDay) continue;
    const length = span.end - span.start;
    if (best === null || length < best.end - best.start || (length === best.end - best.start && span.start < best.start)) best = span;
  }
  return best === null ? null : { start: new Date(best.start).toISOString(), end: new Date(best.end - 1).toISOString() };
}

/** [start, end) in ms of "YYYY-MM-DD", "YYYY-MM", "YYYY" or "a/b" (b's whole unit included). */
function spanOf(value: string): { start: number; end: number } | null {
  const [from, to] = value.split('/');
  const a = unitOf(from ?? '');
  const b = to === undefined ? a : unitOf(to);
  if (a === null || b === null || b.end <= a.start) return null;
  return { start: a.start, end: b.end };
}

function unitOf(text: string): { start: number; end: number } | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m !== null) {
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return Number.isNaN(start) ? null : { start, end: start + DAY_MS };
  }
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m !== null) return { start: Date.UTC(Number(m[1]), Number(m[2]) - 1, 1), end: Date.UTC(Number(m[1]), Number(m[2]), 1) };
  m = /^(\d{4})$/.exec(text);
  if (m !== null) return { start: Date.UTC(Number(m[1]), 0, 1), end: Date.UTC(Number(m[1]) + 1, 0, 1) };
  return null;
}

/** The source's reliability from the MISP importer's identity extension, when no `x_tearline_reliability` says it. */
export function gradesFromSource(identity: StixObject | undefined): SourceGrades {
  if (identity === undefined || identity.x_tearline_reliability !== undefined) return {};
  const extensions = identity.extensions;
  if (typeof extensions !== 'object' || extensions === null) return {};
  for (const ext of Object.values(extensions as Record<string, unknown>)) {
    const grade = typeof ext === 'object' && ext !== null ? (ext as { source_reliability?: unknown }).source_reliability : undefined;
    if (typeof grade !== 'string') continue;
    const upper = grade.trim().toUpperCase();
    // MISP's G (deliberately deceptive) has no Admiralty equivalent: at least as bad as E.
    if (upper === 'G') return { reliability: 'E' };
    if (/^[A-F]$/.test(upper)) return { reliability: upper as Reliability };
  }
  return {};
}

/** Facts as the domain reads them, with observable types and the source translated (see the header). */
export function normaliseFacts(facts: ReportFacts, source: StixObject | undefined): ReportFacts {
  const observables = facts.observables.map(translateObservable);
  // A system identity (the text extractor) made the objects, it did not witness anything:
  // reports it extracted are each their own origin (domain/fusion/independence.ts).
  const toolMade = facts.automatic && source?.type === 'identity' && source.identity_class === 'system';
  return { ...facts, observables, sourceId: toolMade ? null : facts.sourceId };
}

function translateObservable(o: ObservableFact): ObservableFact {
  const type = OBSERVABLE_TYPES[o.type];
  if (type !== undefined) return { type, value: o.value };
  if (o.type === 'user-account' && o.value.startsWith('telegram:')) return { type: 'telegram', value: o.value.slice('telegram:'.length) };
  return o;
}
