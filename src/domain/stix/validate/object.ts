// Validates one top-level STIX object: picks its spec by `type`, walks its properties, then
// checks what spans the whole object (id, versioning timestamps).

import { parseIdentifier, isValidTypeName } from '../identifiers.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import { BUNDLE_TYPE, type ObjectCategory } from '../object-types.ts';
import { EXTENSION_SCO, EXTENSION_SDO_SRO, LEGACY_CUSTOM, specForType } from '../specs/registry.ts';
import type { Ctx, TypeSpec, UnknownPropertyMode } from '../specs/kinds.ts';
import { compareTimestamps, isTimestamp } from '../timestamps.ts';
import { NEW_SCO, NEW_SDO, NEW_SRO, scanExtensionTypes, TOPLEVEL_PROPERTY_EXTENSION } from './extensions.ts';
import { childPath, type IssueSink } from './issues.ts';
import { validateProperties } from './values.ts';

function checkId(object: JsonObject, base: string, ctx: Ctx): void {
  const id = object['id'];
  if (id === undefined) return; // reported as missing-required
  const path = childPath(base, 'id');
  if (typeof id !== 'string') {
    ctx.sink.error(path, 'invalid-type', 'id MUST be an identifier string (§2.9)');
    return;
  }
  const parsed = parseIdentifier(id);
  if (parsed === null) {
    ctx.sink.error(path, 'invalid-identifier', `"${id}" is not a STIX identifier: object-type--UUID with an RFC 4122 UUID (§2.9)`);
    return;
  }
  if (parsed.type !== ctx.type) {
    ctx.sink.error(path, 'id-type-mismatch', `the id's type "${parsed.type}" MUST be the object's type "${ctx.type}" (§2.9)`);
    return;
  }
  const contributing = ctx.spec.idContributing;
  if (contributing !== null) {
    // §2.9: SCOs SHOULD use UUIDv5 over their ID contributing properties; "If the contributing
    // properties are all optional, and none are present on the SCO, then a UUIDv4 MUST be used."
    let anyContributing = false;
    let allOptional = true;
    for (const name of contributing) {
      if (object[name] !== undefined) anyContributing = true;
      if (ctx.spec.required.includes(name)) allOptional = false;
    }
    if (anyContributing && parsed.version !== 5) {
      ctx.sink.warn(path, 'uuid-not-v5', `SCO ids SHOULD use a UUIDv5 of their ID contributing properties, not v${parsed.version} (§2.9, §3.4)`);
    } else if (!anyContributing && allOptional && parsed.version !== 4) {
      ctx.sink.error(path, 'sco-uuid-not-v4', `an SCO without ID contributing properties MUST use a UUIDv4, not v${parsed.version} (§2.9)`);
    }
  } else if (ctx.category !== 'custom' && ctx.category !== 'sco' && parsed.version !== 4) {
    ctx.sink.warn(path, 'uuid-not-v4', `SDO, SRO and meta object ids SHOULD use a UUIDv4, not v${parsed.version} (§2.9)`);
  }
}

function checkVersionTimestamps(object: JsonObject, base: string, ctx: Ctx): void {
  const created = object['created'];
  const modified = object['modified'];
  if (typeof created !== 'string' || typeof modified !== 'string' || !isTimestamp(created) || !isTimestamp(modified)) return;
  // §3.2, §3.6.1: "The modified time MUST NOT be earlier than the created time."
  if (compareTimestamps(modified, created) < 0) {
    ctx.sink.error(childPath(base, 'modified'), 'modified-before-created', `modified (${modified}) MUST NOT be earlier than created (${created}) (§3.6.1)`);
  }
}

interface CustomChoice {
  readonly spec: TypeSpec;
  readonly category: ObjectCategory;
}

/** A custom type is validated as the kind of object its extension definition declares (§7.3). */
function customChoice(extensionFlags: number): CustomChoice {
  if (extensionFlags & NEW_SCO) return { spec: EXTENSION_SCO, category: 'sco' };
  if (extensionFlags & NEW_SDO) return { spec: EXTENSION_SDO_SRO, category: 'sdo' };
  if (extensionFlags & NEW_SRO) return { spec: EXTENSION_SDO_SRO, category: 'sro' };
  return { spec: LEGACY_CUSTOM, category: 'custom' };
}

/**
 * Deepest nesting accepted in one object. Not a STIX rule: real objects nest a few levels,
 * while the code after validation (reference extraction, JSON.stringify) recurses per level,
 * and a custom property thousands of levels deep overflowed the stack there (an HTTP 500;
 * found by test/fuzz, regression stix-validator/801569aea6a7cb05).
 */
export const MAX_OBJECT_DEPTH = 100;

/** Whether a JSON value nests deeper than `limit`; recursion stops at the limit, so any depth is safe. */
function nestsDeeperThan(value: object, limit: number): boolean {
  if (limit < 0) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (typeof child === 'object' && child !== null && nestsDeeperThan(child, limit - 1)) return true;
    return false;
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && nestsDeeperThan(child, limit - 1)) return true;
  }
  return false;
}

/** Validates `value` as one STIX object, reporting into `sink` with paths under `base`. */
export function validateObjectInto(value: unknown, base: string, sink: IssueSink): void {
  if (!isJsonObject(value)) {
    sink.error(base, 'invalid-type', 'a STIX object MUST be a JSON object (§3)');
    return;
  }
  if (nestsDeeperThan(value, MAX_OBJECT_DEPTH)) {
    sink.error(base, 'too-deeply-nested', `the object nests deeper than ${MAX_OBJECT_DEPTH} levels, which Tearline does not accept`);
    return;
  }
  const type = value['type'];
  const typePath = childPath(base, 'type');
  if (type === undefined) {
    sink.error(typePath, 'missing-required', 'type is required on every STIX object (§3.2)');
    return;
  }
  if (typeof type !== 'string') {
    sink.error(typePath, 'invalid-type', 'type MUST be a string (§3.2)');
    return;
  }
  if (type === BUNDLE_TYPE) {
    sink.error(typePath, 'invalid-object-type', 'a bundle is not a STIX Object; validate it as a bundle (§8)');
    return;
  }
  const extensionFlags = value['extensions'] === undefined ? 0 : scanExtensionTypes(value['extensions']);
  let spec = specForType(type);
  let category: ObjectCategory;
  let unknown: UnknownPropertyMode = extensionFlags & TOPLEVEL_PROPERTY_EXTENSION ? 'extension' : 'custom';
  if (spec) {
    category = spec.category;
  } else {
    if (!isValidTypeName(type)) {
      sink.error(typePath, 'invalid-type-name', `"${type}" is not a valid type name: 3-250 characters of a-z, 0-9 and single hyphens, starting with a letter (§3.1, §11.2.1)`);
    }
    const choice = customChoice(extensionFlags);
    spec = choice.spec;
    category = choice.category;
    unknown = 'extension';
    // §11.2.1: a custom object type SHOULD start with "x-"; types defined via §7.3 need not.
    if (choice.spec === LEGACY_CUSTOM && !type.startsWith('x-')) {
      sink.warn(typePath, 'custom-type-prefix', `custom object type "${type}" SHOULD start with x- (§11.2.1)`);
    }
  }
  const ctx: Ctx = { sink, root: value, type, category, spec };
  validateProperties(spec, value, base, ctx, unknown);
  checkId(value, base, ctx);
  checkVersionTimestamps(value, base, ctx);
}
