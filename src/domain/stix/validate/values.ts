// Validates one property value against its kind (§2 data types). The one switch every
// property goes through; nested objects recurse through validateProperties.

import { hexCase, isBase64, isValidHashValue } from '../encodings.ts';
import { validIdentifierType } from '../identifiers.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import { isLanguageTag } from '../language-tags.ts';
import { checkAtLeastOne } from '../specs/checks.ts';
import type { Ctx, Kind, ObjectSpec, RefTarget, UnknownPropertyMode } from '../specs/kinds.ts';
import { timestampFractionDigits } from '../timestamps.ts';
import { HASH_ALGORITHM_OV } from '../vocabularies.ts';
import { checkUnknownPropertyName } from './custom-properties.ts';
import { validateExtensions } from './extensions.ts';
import { childPath, indexPath } from './issues.ts';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function typeError(ctx: Ctx, path: string, expected: string, value: unknown, section: string): void {
  ctx.sink.error(path, 'invalid-type', `expected ${expected}, got ${describe(value)} (§${section})`);
}

/** §2.3: keys of ASCII letters, digits, hyphen and underscore, at most 250 characters. */
function isDictionaryKey(key: string, minLength: number): boolean {
  const n = key.length;
  if (n < minLength || n > 250) return false;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  return true;
}

function validateDictionary(value: unknown, valueKind: Kind | null, path: string, ctx: Ctx, section: string): void {
  if (!isJsonObject(value)) return typeError(ctx, path, 'a dictionary', value, section);
  let count = 0;
  for (const key in value) {
    count++;
    const keyPath = childPath(path, key);
    if (!isDictionaryKey(key, 1)) {
      ctx.sink.error(keyPath, 'invalid-dictionary-key', `dictionary key "${key}" MUST be 1-250 ASCII letters, digits, hyphens or underscores (§2.3)`);
    }
    if (valueKind !== null) validateValue(valueKind, value[key], keyPath, ctx, section);
  }
  if (count === 0) ctx.sink.error(path, 'empty-dictionary', `an empty dictionary MUST NOT be used (§2.3)`);
}

function validateHashes(value: unknown, path: string, ctx: Ctx, section: string): void {
  if (!isJsonObject(value)) return typeError(ctx, path, 'a hashes dictionary', value, section);
  let count = 0;
  for (const algorithm in value) {
    count++;
    const hashPath = childPath(path, algorithm);
    // §2.7: keys of ASCII letters, digits, hyphen and underscore, 3 to 250 characters.
    if (!isDictionaryKey(algorithm, 3)) {
      ctx.sink.error(hashPath, 'invalid-hash-key', `hash algorithm "${algorithm}" MUST be 3-250 ASCII letters, digits, hyphens or underscores (§2.7)`);
    } else if (!HASH_ALGORITHM_OV.values.has(algorithm)) {
      ctx.sink.warn(hashPath, 'not-in-vocabulary', `hash algorithm "${algorithm}" SHOULD come from hash-algorithm-ov (§2.7, §10.7)`);
    }
    const digest = value[algorithm];
    if (typeof digest !== 'string') typeError(ctx, hashPath, 'a string', digest, '2.7');
    else if (!isValidHashValue(algorithm, digest)) {
      ctx.sink.error(hashPath, 'invalid-hash-value', `"${digest}" is not a valid ${algorithm} value (§2.7, §10.7)`);
    }
  }
  if (count === 0) ctx.sink.error(path, 'empty-dictionary', 'an empty hashes dictionary MUST NOT be used (§2.3, §2.7)');
}

function validateReference(value: string, target: RefTarget, path: string, ctx: Ctx): void {
  const type = validIdentifierType(value);
  if (type === null) {
    ctx.sink.error(path, 'invalid-identifier', `"${value}" is not a STIX identifier (object-type--UUID, §2.9)`);
  } else if (!target.allows(type)) {
    ctx.sink.error(path, 'invalid-ref-type', `reference to ${type} is not allowed here; it MUST point to ${target.label} (§3.3)`);
  }
}

/** Quick membership test for `either` kinds: only primitive kinds are combined that way. */
function matchesPrimitive(kind: Kind, value: unknown): boolean {
  switch (kind.k) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'float': return typeof value === 'number';
    default: return false;
  }
}

/** §2.13 (deprecated): a dictionary of cyber-observable objects keyed by local references. */
function validateObservableContainer(value: unknown, path: string, ctx: Ctx): void {
  if (!isJsonObject(value)) return typeError(ctx, path, 'an observable container', value, '2.13');
  let count = 0;
  for (const key in value) {
    count++;
    const observable = value[key];
    const observablePath = childPath(path, key);
    if (!isJsonObject(observable)) typeError(ctx, observablePath, 'a cyber-observable object', observable, '2.13');
    else if (typeof observable['type'] !== 'string') {
      ctx.sink.error(childPath(observablePath, 'type'), 'missing-required', 'a cyber-observable object MUST have a type (§2.13)');
    }
  }
  // §4.14.1: "The dictionary MUST contain at least one object."
  if (count === 0) ctx.sink.error(path, 'empty-dictionary', 'objects MUST contain at least one object (§4.14.1)');
}

export function validateValue(kind: Kind, value: unknown, path: string, ctx: Ctx, section: string): void {
  switch (kind.k) {
    case 'string':
      if (typeof value !== 'string') typeError(ctx, path, 'a string', value, section);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeError(ctx, path, 'a boolean', value, section);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) typeError(ctx, path, 'an integer', value, section);
      else if (value < kind.min || value > kind.max) {
        ctx.sink.error(path, 'out-of-range', `${value} is outside ${kind.min}..${kind.max} (§${section})`);
      }
      return;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) typeError(ctx, path, 'a number', value, section);
      else if (value < kind.min || value > kind.max) {
        ctx.sink.error(path, 'out-of-range', `${value} is outside ${kind.min}..${kind.max} (§${section})`);
      }
      return;
    case 'timestamp': {
      if (typeof value !== 'string') return typeError(ctx, path, 'a timestamp string', value, section);
      const digits = timestampFractionDigits(value);
      if (digits < 0) {
        ctx.sink.error(path, 'invalid-timestamp', `"${value}" is not an RFC 3339 UTC timestamp YYYY-MM-DDTHH:mm:ss[.s+]Z (§2.16)`);
      } else if (kind.millis && digits < 3) {
        ctx.sink.error(path, 'timestamp-precision', `"${value}" MUST be precise to at least the millisecond (§3.2)`);
      }
      return;
    }
    case 'ref':
      if (typeof value !== 'string') typeError(ctx, path, 'an identifier string', value, section);
      else validateReference(value, kind.target, path, ctx);
      return;
    case 'enum':
      if (typeof value !== 'string') typeError(ctx, path, 'a string', value, section);
      else if (!kind.vocab.values.has(value)) {
        ctx.sink.error(path, 'not-in-enum', `"${value}" is not a value of ${kind.vocab.name} (§${kind.vocab.section})`);
      }
      return;
    case 'vocab':
      if (typeof value !== 'string') typeError(ctx, path, 'a string', value, section);
      else if (!kind.vocab.values.has(value)) {
        ctx.sink.warn(path, 'not-in-vocabulary', `"${value}" is not in ${kind.vocab.name}; values SHOULD come from it (§${kind.vocab.section})`);
      }
      return;
    case 'list':
      if (!Array.isArray(value)) return typeError(ctx, path, 'a list', value, section);
      // §2.12: "every instance of a list MUST have at least one value".
      if (value.length === 0) ctx.sink.error(path, 'empty-list', 'an empty list MUST NOT be used (§2.12)');
      for (let i = 0; i < value.length; i++) validateValue(kind.item, value[i], indexPath(path, i), ctx, section);
      return;
    case 'dictionary':
      return validateDictionary(value, kind.value, path, ctx, section);
    case 'either':
      for (const option of kind.kinds) if (matchesPrimitive(option, value)) return validateValue(option, value, path, ctx, section);
      return typeError(ctx, path, kind.label, value, section);
    case 'hashes':
      return validateHashes(value, path, ctx, section);
    case 'hex': {
      if (typeof value !== 'string') return typeError(ctx, path, 'a hex string', value, section);
      const hex = hexCase(value);
      if (hex < 0) ctx.sink.error(path, 'invalid-hex', `"${value}" is not an even number of hex digits (§2.8)`);
      else if (hex > 0) ctx.sink.warn(path, 'hex-not-lowercase', `hex "${value}" MUST use lowercase a-f (§2.8)`);
      return;
    }
    case 'binary':
      if (typeof value !== 'string') typeError(ctx, path, 'a base64 string', value, section);
      else if (!isBase64(value)) ctx.sink.error(path, 'invalid-binary', 'value is not RFC 4648 base64 (§2.1)');
      return;
    case 'lang':
      if (typeof value !== 'string') typeError(ctx, path, 'a language tag string', value, section);
      else if (!isLanguageTag(value)) ctx.sink.error(path, 'invalid-language-tag', `"${value}" is not an RFC 5646 language tag (§${section})`);
      return;
    case 'object':
      if (!isJsonObject(value)) return typeError(ctx, path, `a ${kind.spec.name} object`, value, section);
      return validateProperties(kind.spec, value, path, ctx, kind.spec.unknownProps);
    case 'spec-version':
      if (typeof value !== 'string') typeError(ctx, path, 'a string', value, section);
      else if (value !== '2.1') ctx.sink.error(path, 'invalid-spec-version', `spec_version MUST be "2.1", got "${value}" (§3.2)`);
      return;
    case 'extensions':
      return validateExtensions(value, path, ctx);
    case 'observable-container':
      return validateObservableContainer(value, path, ctx);
    case 'reserved':
      ctx.sink.error(path, 'reserved-property', `this property is RESERVED and MUST NOT be present (§3.8, §${section})`);
      return;
    case 'type':
    case 'id':
    case 'any':
      return;
  }
}

/**
 * Validates an object's properties against a spec: each listed property by its kind, each
 * unlisted one by the naming rules, then the required, at-least-one and co-constraint rules.
 */
export function validateProperties(spec: ObjectSpec, object: JsonObject, base: string, ctx: Ctx, unknown: UnknownPropertyMode): void {
  const props = spec.props;
  for (const key in object) {
    const path = childPath(base, key);
    const prop = props.get(key);
    if (prop === undefined) {
      checkUnknownPropertyName(key, path, ctx, unknown);
      continue;
    }
    if (prop.forbidden) {
      ctx.sink.error(path, 'property-not-allowed', `${key} MUST NOT be used on ${spec.name} objects (§${prop.section})`);
    } else if (prop.notApplicable) {
      ctx.sink.warn(path, 'not-applicable-property', `${key} is not applicable to ${spec.name} objects (§${spec.section})`);
    } else if (prop.deprecated) {
      ctx.sink.warn(path, 'deprecated-property', `${key} is deprecated (§${prop.section})`);
    }
    validateValue(prop.kind, object[key], path, ctx, prop.section);
  }
  for (const name of spec.required) {
    if (object[name] === undefined) {
      ctx.sink.error(childPath(base, name), 'missing-required', `${name} is required on ${spec.name} (§${spec.section})`);
    }
  }
  if (spec.atLeastOneOf) checkAtLeastOne(object, base, ctx, spec.atLeastOneOf, spec.section);
  if (spec.check) spec.check(object, base, ctx);
}
