// The scan: every canary a partner may not see, and the id (or bare UUID) of every object it
// may not see, searched for in every byte it can read. Canaries and UUIDs have fixed shapes,
// so each exposure is tokenised once and looked up, instead of searching for thousands of
// needles in megabytes of text.
import type { StixObject } from '../../src/domain/stix/object.ts';
import { CANARY_PATTERN, forbidden, isUnder, type CanaryBook, type Oracle } from './oracle.ts';
import type { Exposure } from './partnerView.ts';
import type { Release } from './release.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/**
 * Types that reference nothing they require: released whenever their markings allow the
 * object and the properties STIX 2.1 requires of them (location: one of these).
 */
const STANDALONE: Readonly<Record<string, readonly string[]>> = {
  'threat-actor': ['name'],
  'attack-pattern': ['name'],
  campaign: ['name'],
  malware: ['name', 'is_family'],
  location: ['region', 'country', 'latitude', 'longitude'],
};
const DEFINITIONS = new Set(['marking-definition', 'extension-definition']);

export interface ScanInput {
  /** Every canary the stored package really holds (so a forbidden one is a real needle). */
  readonly stored: ReadonlySet<string>;
  readonly canaries: CanaryBook;
  readonly oracle: Oracle;
  readonly ourIdentityRef: string;
  readonly release: Release;
  readonly exposures: readonly Exposure[];
  /** The case's threat: its grouping is never released. */
  readonly threatId: string;
  /** Reports whose canaries must reach the partner (their references are released). */
  readonly expectReports?: readonly string[];
}

export interface ScanResult {
  /** `<needle> (<why>) in <channel> <label>`: must be empty. */
  readonly hits: readonly string[];
  readonly forbiddenCanaries: number;
  /** Forbidden canaries the stored package really holds. */
  readonly forbiddenStored: number;
  readonly forbiddenIds: number;
  /** Canaries the plain rules forbid but the policy would release: must be empty. */
  readonly disagreements: readonly string[];
  /** Objects the oracle forbids that the engine did not list as withheld: must be empty. */
  readonly unlisted: readonly string[];
  /** Canaries the partner may see, expected in the bundle. */
  readonly expected: readonly string[];
  /** `<canary> not in <channel> <label>`: must be empty. */
  readonly missing: readonly string[];
  readonly bytesScanned: number;
}

function uuidOf(id: string): string | undefined {
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(id)?.[1]?.toLowerCase();
}

export function scan(input: ScanInput): ScanResult {
  const { canaries, oracle, release } = input;
  const forbiddenCanaries = new Map<string, string>();
  const forbiddenUuids = new Map<string, string>();
  const disagreements: string[] = [];
  const forbidId = (id: string, why: string): void => {
    const o = oracle.objects.get(id);
    if (id === input.ourIdentityRef || (o !== undefined && DEFINITIONS.has(o.type))) return;
    const uuid = uuidOf(id);
    if (uuid !== undefined && !forbiddenUuids.has(uuid)) forbiddenUuids.set(uuid, `${id}: ${why}`);
  };
  const byObject = new Map<string, string[]>();
  for (const [text, site] of canaries) {
    byObject.set(site.objectId, [...(byObject.get(site.objectId) ?? []), text]);
    const verdict = oracle.site(site);
    if (verdict.plain !== undefined && !verdict.policy) disagreements.push(`${text} at ${site.objectId}/${site.selector}: ${verdict.plain}, yet the policy releases it`);
    if (forbidden(verdict)) forbiddenCanaries.set(text, `${site.objectId}/${site.selector}: ${verdict.plain ?? verdict.internal ?? verdict.copy ?? 'the policy withholds it'}`);
  }
  const unlisted: string[] = [];
  const listed = new Set(release.withheld.map((w) => w.id));
  for (const o of oracle.objects.values()) {
    const verdict = oracle.object(o.id);
    if (!forbidden(verdict)) continue;
    forbidId(o.id, verdict.plain ?? verdict.copy ?? 'the policy withholds it');
    if (!listed.has(o.id) && o.id !== input.ourIdentityRef && !DEFINITIONS.has(o.type)) unlisted.push(`${o.id}: ${verdict.plain ?? 'policy'}`);
  }
  // The engine's own account adds to the oracle, never removes from it.
  for (const w of release.withheld) {
    if (DEFINITIONS.has(w.type)) continue;
    forbidId(w.id, 'withheld by the engine');
    for (const c of byObject.get(w.id) ?? []) if (!forbiddenCanaries.has(c)) forbiddenCanaries.set(c, `${w.id}: withheld by the engine`);
  }
  for (const r of release.redacted) {
    if (r.selector === 'created_by_ref') continue;
    for (const c of byObject.get(r.id) ?? []) {
      const site = canaries.get(c);
      if (site !== undefined && isUnder(site.selector, r.selector) && !forbiddenCanaries.has(c)) forbiddenCanaries.set(c, `${r.id}/${r.selector}: redacted by the engine`);
    }
  }

  const hits: string[] = [];
  let bytesScanned = 0;
  const threatId = input.threatId;
  for (const e of input.exposures) {
    bytesScanned += e.text.length;
    for (const m of e.text.matchAll(CANARY_PATTERN)) {
      const why = forbiddenCanaries.get(m[0]);
      if (why !== undefined) hits.push(`canary ${m[0]} (${why}) in ${e.channel} ${e.label}`);
    }
    for (const m of e.text.matchAll(UUID)) {
      const why = forbiddenUuids.get(m[0].toLowerCase());
      if (why !== undefined) hits.push(`id ${m[0]} (${why}) in ${e.channel} ${e.label}`);
    }
    if (e.text.includes(threatId)) hits.push(`the threat's grouping ${threatId} in ${e.channel} ${e.label}`);
  }

  // What the partner may see: the names of standalone objects with nothing forbidden in them,
  // and the canaries of the reports the test names.
  const expected: string[] = [];
  // Decided by the oracle alone: an engine that withheld too much must fail here, not pass.
  const mayAll = (id: string): boolean => !forbidden(oracle.object(id))
    && markingRefs(oracle.objects.get(id) as StixObject).every(oracle.definitionReleasable)
    && (byObject.get(id) ?? []).every((c) => {
    const site = canaries.get(c);
    return site !== undefined && !forbidden(oracle.site(site));
  });
  for (const o of oracle.objects.values()) {
    const required = STANDALONE[o.type];
    if (required === undefined || forbidden(oracle.object(o.id))) continue;
    if (!markingRefs(o).every(oracle.definitionReleasable)) continue;
    const cut = granular(o)
      .filter((g) => !oracle.definitionReleasable(g.ref) || forbidden(oracle.site({ objectId: o.id, selector: g.selector })))
      .map((g) => g.selector);
    if (required.some((p) => cut.some((s) => isUnder(p, s)))) continue;
    for (const c of byObject.get(o.id) ?? []) {
      const site = canaries.get(c);
      if (site?.selector === 'name' && !forbidden(oracle.site(site)) && !cut.some((s) => isUnder('name', s))) expected.push(c);
    }
  }
  for (const id of input.expectReports ?? []) if (mayAll(id)) expected.push(...(byObject.get(id) ?? []));
  // Each channel that carries the bundle (TAXII pages together, the webhook body, the
  // email's attachment) must carry every one of them.
  const missing: string[] = [];
  const byChannel = new Map<string, Set<string>>();
  for (const e of input.exposures) {
    if (e.carriesBundle !== true) continue;
    const found = byChannel.get(e.channel) ?? new Set<string>();
    for (const m of e.text.matchAll(CANARY_PATTERN)) found.add(m[0]);
    byChannel.set(e.channel, found);
  }
  for (const channel of ['taxii', 'webhook', 'email']) {
    const found = byChannel.get(channel);
    if (found === undefined) missing.push(`no bundle at all on ${channel}`);
    else {
      for (const c of expected) {
        if (found.has(c)) continue;
        const id = canaries.get(c)?.objectId;
        const engine = release.withheld.find((w) => w.id === id)?.reasons?.map((r) => `${r.code}: ${r.message ?? ''}`).join('; ');
        missing.push(`${c} (${id}/${canaries.get(c)?.selector}) not on ${channel}${engine === undefined ? '' : `; the engine withheld it: ${engine}`}`);
      }
    }
  }
  return {
    hits, forbiddenCanaries: forbiddenCanaries.size, forbiddenStored: [...forbiddenCanaries.keys()].filter((c) => input.stored.has(c)).length, forbiddenIds: forbiddenUuids.size, disagreements, unlisted, expected, missing, bytesScanned,
  };
}

function markingRefs(o: StixObject): string[] {
  return Array.isArray(o.object_marking_refs) ? o.object_marking_refs.filter((r): r is string => typeof r === 'string') : [];
}

function granular(o: StixObject): { ref: string; selector: string }[] {
  if (!Array.isArray(o.granular_markings)) return [];
  return (o.granular_markings as { marking_ref?: unknown; selectors?: unknown }[]).flatMap((g) => (Array.isArray(g.selectors)
    ? g.selectors.filter((s): s is string => typeof s === 'string').map((selector) => ({ ref: typeof g.marking_ref === 'string' ? g.marking_ref : '', selector }))
    : []));
}
