// ACS 3.0 (the US AIS programme's Access Control Specification as a STIX 2.1 marking
// extension, extension-definition--3a65884d-...) read onto our model. Field names follow the
// extension: `control_set` {classification, formal_determination, caveat, sensitivity,
// sci_controls, shareability, entity, permitted_nationalities, permitted_organizations},
// `access_privilege` [{privilege_action, privilege_scope, rule_effect}], `further_sharing`
// [{sharing_scope, rule_effect}], `policy_reference` (`...?privdefault=deny&sharedefault=deny`).
//
// Our mapping (documented in docs/partner-profile.md), conservative wherever ACS is richer:
// - classification <- control_set.classification (required: without it the marking is unknown);
// - formal determination NF -> NOFORN; informational determinations (AIS, PUBREL, NO-PII-PRESENT,
//   PII-NECESSARY-TO-UNDERSTAND-THREAT, INFORMATION-DIRECTLY-RELATED-TO-CYBERSECURITY-THREAT)
//   are dropped; every other determination, caveat, sensitivity and SCI control is carried as a
//   control we do not interpret (the policy withholds on those unless configured releasable);
// - control_set.permitted_nationalities (unless ALL) -> REL TO;
// - control_set shareability/entity/permitted_organizations other than ALL -> a carried control
//   `ACS:<FIELD>=<values>` (we cannot match partners against them, so they withhold by default);
// - further_sharing -> the permitted sharing scopes (sharedefault=deny with no permit: none);
// - TEARLINE privilege -> tearlineAllowed; IDSRC privilege -> concealSource when not permitted.
import type { Classification, Marking } from './model.ts';
import { marking } from './model.ts';
import { expandCountries } from './countries.ts';

export const ACS_EXTENSION_ID = 'extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce';

const INFORMATIONAL_DETERMINATIONS = new Set([
  'AIS',
  'PUBREL',
  'NO-PII-PRESENT',
  'PII-NECESSARY-TO-UNDERSTAND-THREAT',
  'INFORMATION-DIRECTLY-RELATED-TO-CYBERSECURITY-THREAT',
]);

export type AcsResult = { readonly ok: true; readonly marking: Marking } | { readonly ok: false; readonly reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list of strings, a single string read as a list of one, or undefined when absent/invalid. */
function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function isAll(values: readonly string[]): boolean {
  return values.some((v) => v.toUpperCase() === 'ALL');
}

function policyDefault(policyReference: unknown, key: 'privdefault' | 'sharedefault'): 'permit' | 'deny' {
  if (typeof policyReference !== 'string') return 'permit';
  const query = policyReference.split('?')[1] ?? '';
  for (const pair of query.split('&')) {
    const [k, v] = pair.split('=');
    if (k === key) return v === 'deny' ? 'deny' : 'permit';
  }
  return 'permit';
}

/**
 * Whether an action is permitted: an explicit deny loses; an explicit permit whose scope is not
 * narrowed to some nationalities wins; otherwise the policy's `privdefault` decides.
 */
function privilegePermitted(privileges: readonly unknown[], action: string, fallback: 'permit' | 'deny'): boolean {
  let permitted = false;
  for (const p of privileges) {
    if (!isRecord(p) || p['privilege_action'] !== action) continue;
    if (p['rule_effect'] === 'deny') return false;
    if (p['rule_effect'] !== 'permit') continue;
    const scope = isRecord(p['privilege_scope']) ? p['privilege_scope'] : {};
    const nationalities = strings(scope['permitted_nationalities']);
    if (nationalities === undefined || isAll(nationalities)) permitted = true;
  }
  return permitted || fallback === 'permit';
}

const CLASSIFICATIONS = new Set(['U', 'C', 'S', 'TS']);

export function parseAcsMarking(ext: unknown): AcsResult {
  if (!isRecord(ext)) return { ok: false, reason: 'ACS extension is not an object' };
  const controlSet = ext['control_set'];
  if (!isRecord(controlSet)) return { ok: false, reason: 'ACS marking without control_set' };
  const classification = controlSet['classification'];
  if (typeof classification !== 'string' || !CLASSIFICATIONS.has(classification)) {
    return { ok: false, reason: 'ACS control_set.classification missing or not U, C, S or TS' };
  }
  let noforn = false;
  const other: string[] = [];
  for (const field of ['formal_determination', 'caveat', 'sensitivity', 'sci_controls', 'logical_authority_category'] as const) {
    const value = controlSet[field];
    if (value === undefined) continue;
    const values = strings(value);
    if (values === undefined) return { ok: false, reason: `ACS control_set.${field} is not a list of strings` };
    for (const v of values) {
      const token = v.toUpperCase();
      if (field === 'formal_determination' && token === 'NF') noforn = true;
      else if (field === 'formal_determination' && INFORMATIONAL_DETERMINATIONS.has(token)) continue;
      else other.push(token);
    }
  }
  for (const field of ['shareability', 'entity', 'permitted_organizations'] as const) {
    const value = controlSet[field];
    if (value === undefined) continue;
    const values = strings(value);
    if (values === undefined) return { ok: false, reason: `ACS control_set.${field} is not a list of strings` };
    if (!isAll(values)) other.push(`ACS:${field.toUpperCase()}=${[...values].sort().join(',')}`);
  }
  let relTo: string[] | undefined;
  const nationalities = controlSet['permitted_nationalities'];
  if (nationalities !== undefined) {
    const values = strings(nationalities);
    if (values === undefined) return { ok: false, reason: 'ACS control_set.permitted_nationalities is not a list of strings' };
    if (!isAll(values)) relTo = expandCountries(values);
  }

  const privileges = ext['access_privilege'] ?? [];
  if (!Array.isArray(privileges)) return { ok: false, reason: 'ACS access_privilege is not a list' };
  const privdefault = policyDefault(ext['policy_reference'], 'privdefault');
  const tearlineAllowed = privilegePermitted(privileges, 'TEARLINE', privdefault);
  const concealSource = !privilegePermitted(privileges, 'IDSRC', privdefault);

  const sharing = ext['further_sharing'] ?? [];
  if (!Array.isArray(sharing)) return { ok: false, reason: 'ACS further_sharing is not a list' };
  const permitted = new Set<string>();
  const denied = new Set<string>();
  for (const rule of sharing) {
    if (!isRecord(rule)) return { ok: false, reason: 'ACS further_sharing entry is not an object' };
    const scopes = strings(rule['sharing_scope']);
    if (scopes === undefined) return { ok: false, reason: 'ACS further_sharing.sharing_scope missing' };
    const target = rule['rule_effect'] === 'permit' ? permitted : rule['rule_effect'] === 'deny' ? denied : undefined;
    if (!target) return { ok: false, reason: 'ACS further_sharing.rule_effect is neither permit nor deny' };
    for (const s of scopes) target.add(s.toUpperCase());
  }
  let sharingScopes: string[] | undefined;
  const unrestricted = [...permitted].some((s) => s === 'ALL' || s === 'EVERYONE');
  if (unrestricted && denied.size === 0) sharingScopes = undefined;
  else if (permitted.size > 0 || denied.size > 0 || policyDefault(ext['policy_reference'], 'sharedefault') === 'deny') {
    // A deny list without permits under sharedefault=permit cannot be matched against partners
    // reliably: treat it as no further sharing beyond what is explicitly permitted.
    sharingScopes = [...permitted].filter((s) => !denied.has(s) && s !== 'ALL' && s !== 'EVERYONE');
  }

  return {
    ok: true,
    marking: marking({
      classification: classification as Classification,
      noforn,
      otherControls: other,
      tearlineAllowed,
      concealSource,
      ...(relTo !== undefined ? { relTo } : {}),
      ...(sharingScopes !== undefined ? { sharingScopes } : {}),
    }),
  };
}
