// Validates a bundle (§8): the envelope, then every object in it, with paths `objects[i]...`.

import { isIdentifier, parseIdentifier } from '../identifiers.ts';
import { isJsonObject } from '../json.ts';
import { versionOf, type StixObject } from '../object.ts';
import type { Ctx } from '../specs/kinds.ts';
import { LEGACY_CUSTOM } from '../specs/registry.ts';
import { checkUnknownPropertyName } from './custom-properties.ts';
import { indexPath, IssueSink, type ValidationResult } from './issues.ts';
import { validateObjectInto } from './object.ts';

export interface BundleValidation extends ValidationResult {
  /**
   * The bundle's objects that have no validation errors (warnings allowed), in bundle order;
   * a later duplicate of an (id, modified) pair is left out.
   */
  readonly objects: readonly StixObject[];
}

function checkEnvelope(bundle: Record<string, unknown>, sink: IssueSink): void {
  if (bundle['type'] === undefined) sink.error('type', 'missing-required', 'type is required on a bundle (§8.1)');
  else if (bundle['type'] !== 'bundle') sink.error('type', 'invalid-value', 'a bundle\'s type MUST be "bundle" (§8.1)');
  const id = bundle['id'];
  if (id === undefined) sink.error('id', 'missing-required', 'id is required on a bundle (§8.1)');
  else if (typeof id !== 'string' || !isIdentifier(id)) sink.error('id', 'invalid-identifier', 'a bundle id MUST be an identifier bundle--UUID (§2.9, §8.1)');
  else {
    const parsed = parseIdentifier(id);
    if (parsed && parsed.type !== 'bundle') sink.error('id', 'id-type-mismatch', `a bundle id MUST start with bundle--, not ${parsed.type}-- (§2.9)`);
    else if (parsed && parsed.version !== 4) sink.warn('id', 'uuid-not-v4', `bundle ids SHOULD use a UUIDv4, not v${parsed.version} (§2.9)`);
  }
  // Only type, id and objects are bundle properties in STIX 2.1; others are judged as custom.
  const ctx: Ctx = { sink, root: bundle, type: 'bundle', category: 'custom', spec: LEGACY_CUSTOM };
  for (const key in bundle) {
    if (key === 'type' || key === 'id' || key === 'objects') continue;
    if (key === 'spec_version') sink.warn(key, 'not-applicable-property', 'a STIX 2.1 bundle has no spec_version (§8.1)');
    else checkUnknownPropertyName(key, key, ctx, 'custom');
  }
}

export function validateBundle(value: unknown): BundleValidation {
  const sink = new IssueSink();
  const valid: StixObject[] = [];
  if (!isJsonObject(value)) {
    sink.error('', 'invalid-type', 'a bundle MUST be a JSON object (§8)');
    return { errors: sink.errors, warnings: sink.warnings, objects: valid };
  }
  checkEnvelope(value, sink);
  const objects = value['objects'];
  if (objects === undefined) return { errors: sink.errors, warnings: sink.warnings, objects: valid };
  if (!Array.isArray(objects)) {
    sink.error('objects', 'invalid-type', 'objects MUST be a list of STIX Objects (§8.1)');
    return { errors: sink.errors, warnings: sink.warnings, objects: valid };
  }
  if (objects.length === 0) sink.error('objects', 'empty-list', 'an empty list MUST NOT be used (§2.12)');
  const seen = new Set<string>();
  for (let i = 0; i < objects.length; i++) {
    const object: unknown = objects[i];
    const path = indexPath('objects', i);
    const errorsBefore = sink.errors.length;
    validateObjectInto(object, path, sink);
    if (!isJsonObject(object) || typeof object['id'] !== 'string') continue;
    // A version is identified by (id, modified) (§3.6); one bundle must not carry it twice.
    const stix = object as unknown as StixObject;
    const key = stix.id + '\u0000' + versionOf(stix);
    if (seen.has(key)) {
      sink.error(path, 'duplicate-object', `${stix.id} version ${versionOf(stix) || '(unversioned)'} appears more than once in the bundle (§3.6)`);
      continue;
    }
    seen.add(key);
    if (sink.errors.length === errorsBefore) valid.push(stix);
  }
  return { errors: sink.errors, warnings: sink.warnings, objects: valid };
}
