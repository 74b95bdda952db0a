// The release policy's JSON form (docs/partner-profile.md, "Release policy file"): parsed
// strictly, every problem reported with a path, nothing thrown.
import { isCountryCode } from '../domain/markings/countries.ts';
import type { ClassificationNames } from '../domain/markings/banner.ts';
import { CLASSIFICATIONS } from '../domain/markings/model.ts';
import { parseConsent } from '../domain/partners/parse.ts';
import { Checker, at, isRecord, type ConfigError } from '../domain/partners/validate.ts';
import type { PolicyConsent, ReleaseMode, ReleasePolicy } from './policy.ts';
import { MITRE_IDENTITY_REF } from './policy.ts';

export type PolicyParseResult = { readonly ok: true; readonly policy: ReleasePolicy } | { readonly ok: false; readonly errors: readonly ConfigError[] };

const KEYS = [
  'our_country',
  'our_identity_ref',
  'our_identity_name',
  'classification_names',
  'communities',
  'mode',
  'consents',
  'internal_references',
  'public_identity_refs',
  'releasable_controls',
];
const MODES: readonly ReleaseMode[] = ['release', 'disclosure'];

export function parseReleasePolicy(json: unknown): PolicyParseResult {
  const check = new Checker();
  if (!isRecord(json)) return { ok: false, errors: [{ path: '', code: 'type', message: 'a release policy must be a JSON object' }] };
  check.onlyKeys(json, '', KEYS);
  const ourCountry = check.string(json, '', 'our_country', false);
  if (ourCountry !== undefined && !isCountryCode(ourCountry)) {
    check.add('our_country', 'format', `"our_country" must be an ISO 3166-1 alpha-3 code in upper case; got ${JSON.stringify(ourCountry)}`);
  }
  const ourIdentityRef = check.stixId(json, '', 'our_identity_ref', 'identity', true);
  const ourIdentityName = check.string(json, '', 'our_identity_name', false);
  let classificationNames: ClassificationNames | undefined;
  const names = json['classification_names'];
  if (names !== undefined) {
    if (!isRecord(names)) check.add('classification_names', 'type', '"classification_names" must be an object with keys U, C, S, TS');
    else {
      check.onlyKeys(names, 'classification_names', CLASSIFICATIONS);
      const read = CLASSIFICATIONS.map((c) => check.string(names, 'classification_names', c, true));
      if (read.every((n) => n !== undefined)) {
        classificationNames = { U: read[0] as string, C: read[1] as string, S: read[2] as string, TS: read[3] as string };
      }
    }
  }
  const communities = check.stringList(json, '', 'communities', false) ?? [];
  const mode = check.oneOf(json, '', 'mode', MODES, false) ?? 'release';

  const consents: PolicyConsent[] = [];
  const rawConsents = json['consents'];
  if (rawConsents !== undefined && !Array.isArray(rawConsents)) check.add('consents', 'type', '"consents" must be a list');
  if (Array.isArray(rawConsents)) {
    rawConsents.forEach((raw, i) => {
      const path = at('consents', i);
      const consent = parseConsent(raw, path, check, ['partner', 'release_id']);
      if (!isRecord(raw)) return;
      // A consent recorded in the policy must say which partner it is for.
      const partner = check.stixId(raw, path, 'partner', 'identity', true);
      const releaseId = check.string(raw, path, 'release_id', false);
      if (consent && partner) consents.push({ ...consent, partner, ...(releaseId !== undefined ? { releaseId } : {}) });
    });
  }

  let urlPrefixes: string[] = [];
  let sourceNames: string[] = [];
  const internal = json['internal_references'];
  if (internal !== undefined) {
    if (!isRecord(internal)) check.add('internal_references', 'type', '"internal_references" must be an object with url_prefixes and source_names');
    else {
      check.onlyKeys(internal, 'internal_references', ['url_prefixes', 'source_names']);
      urlPrefixes = check.stringList(internal, 'internal_references', 'url_prefixes', false) ?? [];
      sourceNames = check.stringList(internal, 'internal_references', 'source_names', false) ?? [];
    }
  }
  const publicIdentityRefs = check.stringList(json, '', 'public_identity_refs', false) ?? [MITRE_IDENTITY_REF];
  publicIdentityRefs.forEach((id, i) => {
    if (!/^identity--[0-9a-f-]{36}$/.test(id)) check.add(at('public_identity_refs', i), 'format', `not an identity id: ${JSON.stringify(id)}`);
  });
  const releasableControls = (check.stringList(json, '', 'releasable_controls', false) ?? []).map((c) => c.trim().toUpperCase());

  if (check.errors.length > 0 || ourIdentityRef === undefined) return { ok: false, errors: check.errors };
  return {
    ok: true,
    policy: {
      ...(ourCountry !== undefined ? { ourCountry } : {}),
      ourIdentityRef,
      ...(ourIdentityName !== undefined ? { ourIdentityName } : {}),
      ...(classificationNames !== undefined ? { classificationNames } : {}),
      communities,
      mode,
      consents,
      internalReferences: { urlPrefixes, sourceNames },
      publicIdentityRefs,
      releasableControls,
    },
  };
}
