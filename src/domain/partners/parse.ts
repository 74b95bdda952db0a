// The partner profile's JSON form (docs/partner-profile.md): parsed strictly, every problem
// reported with a path, nothing thrown.
import { CLASSIFICATIONS, TLP_LEVELS, type TlpLevel } from '../markings/model.ts';
import { isCountryCode } from '../markings/countries.ts';
import type { Consent, Partner, PartnerChannel } from './partner.ts';
import { CHANNEL_KINDS, CONSENT_TYPES } from './partner.ts';
import { Checker, at, isRecord, isTimestamp, type ConfigError } from './validate.ts';

export type PartnerParseResult = { readonly ok: true; readonly partner: Partner } | { readonly ok: false; readonly errors: readonly ConfigError[] };

const PARTNER_KEYS = ['name', 'identity_ref', 'country', 'organization', 'clearance', 'communities', 'channels', 'consents', 'sharing_scopes', 'description'];
const CHANNEL_KEYS = ['kind', 'address', 'note'];
/** Consent keys shared by partner profiles and release policies (which add their own). */
export const CONSENT_KEYS = ['type', 'originator', 'objects', 'max_tlp', 'granted_by', 'granted_at', 'reference'];
/** TLP:CLEAR needs no permission, so a TLP permission names one of the restricted levels. */
const PERMISSION_LEVELS = TLP_LEVELS.filter((l) => l !== 'clear');

/**
 * Reads one consent record. `extraKeys` are keys the caller reads itself (the release policy's
 * `partner` and `release_id`).
 */
export function parseConsent(value: unknown, path: string, check: Checker, extraKeys: readonly string[] = []): Consent | undefined {
  if (!isRecord(value)) {
    check.add(path, 'type', 'a consent must be an object');
    return undefined;
  }
  check.onlyKeys(value, path, [...CONSENT_KEYS, ...extraKeys]);
  const before = check.errors.length;
  const type = check.oneOf(value, path, 'type', CONSENT_TYPES, true);
  const originator = check.stixId(value, path, 'originator', 'identity', type === 'orcon' || type === 'tlp');
  let objects: string[] | undefined;
  if (value['objects'] !== undefined) {
    objects = check.stringList(value, path, 'objects', false);
    objects?.forEach((id, i) => {
      if (!/^[a-z][a-z0-9-]+--[0-9a-f-]{36}$/.test(id)) check.add(at(at(path, 'objects'), i), 'format', `not a STIX identifier: ${JSON.stringify(id)}`);
    });
  }
  let maxTlp: TlpLevel | undefined;
  if (type === 'tlp') maxTlp = check.oneOf(value, path, 'max_tlp', PERMISSION_LEVELS, true);
  else if (value['max_tlp'] !== undefined) check.add(at(path, 'max_tlp'), 'unknown-key', '"max_tlp" applies only to consents of type tlp');
  // A RELIDO release needs a recorded disclosure-officer decision (DOMAIN.md §1): name who.
  const grantedBy = check.string(value, path, 'granted_by', type === 'relido');
  const grantedAt = value['granted_at'];
  if (grantedAt !== undefined && !isTimestamp(grantedAt)) check.add(at(path, 'granted_at'), 'format', '"granted_at" must be an RFC 3339 UTC timestamp, e.g. 2025-07-01T09:00:00Z');
  const reference = check.string(value, path, 'reference', false);
  if (check.errors.length > before || type === undefined) return undefined;
  return {
    type,
    ...(originator !== undefined ? { originator } : {}),
    ...(objects !== undefined ? { objects } : {}),
    ...(maxTlp !== undefined ? { maxTlp } : {}),
    ...(grantedBy !== undefined ? { grantedBy } : {}),
    ...(typeof grantedAt === 'string' ? { grantedAt } : {}),
    ...(reference !== undefined ? { reference } : {}),
  };
}

function parseChannel(value: unknown, path: string, check: Checker): PartnerChannel | undefined {
  if (!isRecord(value)) {
    check.add(path, 'type', 'a channel must be an object');
    return undefined;
  }
  check.onlyKeys(value, path, CHANNEL_KEYS);
  const kind = check.oneOf(value, path, 'kind', CHANNEL_KINDS, true);
  const address = check.string(value, path, 'address', kind !== undefined && kind !== 'in-person');
  const note = check.string(value, path, 'note', false);
  if (kind === undefined) return undefined;
  return { kind, ...(address !== undefined ? { address } : {}), ...(note !== undefined ? { note } : {}) };
}

function list<T>(obj: Record<string, unknown>, key: string, check: Checker, parse: (v: unknown, path: string) => T | undefined): T[] {
  const v = obj[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    check.add(key, 'type', `"${key}" must be a list`);
    return [];
  }
  const out: T[] = [];
  v.forEach((item, i) => {
    const parsed = parse(item, at(key, i));
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

export function parsePartnerProfile(json: unknown): PartnerParseResult {
  const check = new Checker();
  if (!isRecord(json)) return { ok: false, errors: [{ path: '', code: 'type', message: 'a partner profile must be a JSON object' }] };
  check.onlyKeys(json, '', PARTNER_KEYS);
  const name = check.string(json, '', 'name', true);
  const identityRef = check.stixId(json, '', 'identity_ref', 'identity', true);
  const country = check.string(json, '', 'country', true);
  if (country !== undefined && !isCountryCode(country)) {
    check.add('country', 'format', `"country" must be an ISO 3166-1 alpha-3 code in upper case (e.g. SYR, IRQ, GBR); got ${JSON.stringify(country)}`);
  }
  const organization = check.string(json, '', 'organization', true);
  const clearance = check.oneOf(json, '', 'clearance', CLASSIFICATIONS, true);
  const communities = check.stringList(json, '', 'communities', true);
  const channels = list(json, 'channels', check, (v, p) => parseChannel(v, p, check));
  const consents = list(json, 'consents', check, (v, p) => parseConsent(v, p, check));
  const sharingScopes = check.stringList(json, '', 'sharing_scopes', false) ?? [];
  const description = check.string(json, '', 'description', false);
  if (check.errors.length > 0 || !name || !identityRef || !country || !organization || !clearance || !communities) {
    return { ok: false, errors: check.errors };
  }
  return {
    ok: true,
    partner: {
      name,
      identityRef,
      country,
      organization,
      clearance,
      communities,
      channels,
      consents,
      sharingScopes: sharingScopes.map((s) => s.toUpperCase()),
      ...(description !== undefined ? { description } : {}),
    },
  };
}
