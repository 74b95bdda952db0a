// The vocabulary of property specs: what kind of value a property holds, and which spec
// section says so. Spec tables (sdo.ts, sco.ts, ...) are built from these once, at module load;
// the validator walks them without allocating per object.

import type { JsonObject } from '../json.ts';
import type { ObjectCategory } from '../object-types.ts';
import type { IssueSink } from '../validate/issues.ts';
import type { Vocabulary } from '../vocabularies.ts';

/** Which object types a reference property may point at (by the identifier's type prefix). */
export interface RefTarget {
  /** Human wording for messages, e.g. `identity`. */
  readonly label: string;
  allows(type: string): boolean;
}

export type Kind =
  | { readonly k: 'string' }
  | { readonly k: 'boolean' }
  | { readonly k: 'integer'; readonly min: number; readonly max: number }
  | { readonly k: 'float'; readonly min: number; readonly max: number }
  | { readonly k: 'timestamp'; readonly millis: boolean }
  | { readonly k: 'ref'; readonly target: RefTarget }
  | { readonly k: 'enum'; readonly vocab: Vocabulary }
  | { readonly k: 'vocab'; readonly vocab: Vocabulary }
  | { readonly k: 'list'; readonly item: Kind }
  | { readonly k: 'dictionary'; readonly value: Kind | null }
  | { readonly k: 'either'; readonly kinds: readonly Kind[]; readonly label: string }
  | { readonly k: 'hashes' }
  | { readonly k: 'hex' }
  | { readonly k: 'binary' }
  | { readonly k: 'lang' }
  | { readonly k: 'object'; readonly spec: ObjectSpec }
  | { readonly k: 'spec-version' }
  | { readonly k: 'type' }
  | { readonly k: 'id' }
  | { readonly k: 'extensions' }
  | { readonly k: 'observable-container' }
  | { readonly k: 'any' }
  | { readonly k: 'reserved' };

export interface PropSpec {
  readonly kind: Kind;
  /** The spec section defining the property, for messages. */
  readonly section: string;
  /** Listed as "Not Applicable" for the object type: presence is a warning. */
  readonly notApplicable?: boolean;
  /** Presence is an error (e.g. `defanged` outside SCOs, §3.2). */
  readonly forbidden?: boolean;
  /** Deprecated by the spec: presence is a warning. */
  readonly deprecated?: boolean;
}

/** State shared by every check while one top-level object is validated. */
export interface Ctx {
  readonly sink: IssueSink;
  /** The top-level object: granular-marking selectors resolve against it (§7.2.3.1). */
  readonly root: JsonObject;
  /** The top-level object's type. */
  readonly type: string;
  /** Its category; for a custom type, the one its extension definition declares, if any. */
  readonly category: ObjectCategory;
  /** The spec the top-level object is validated against. */
  readonly spec: TypeSpec;
}

/** A co-constraint beyond single property types (e.g. `valid_until > valid_from`). */
export type ObjectCheck = (object: JsonObject, base: string, ctx: Ctx) => void;

/**
 * How properties a spec does not list are judged: `custom` (§11.1.1: name rules are MUSTs, the
 * `x_` prefix a SHOULD) or `extension` (§7.3.2: name rules only, e.g. inside an extension).
 */
export type UnknownPropertyMode = 'custom' | 'extension';

export interface ObjectSpec {
  /** The object or sub-type name, e.g. `kill-chain-phase`. */
  readonly name: string;
  readonly section: string;
  readonly props: ReadonlyMap<string, PropSpec>;
  readonly required: readonly string[];
  readonly unknownProps: UnknownPropertyMode;
  /** "MUST contain at least one property from ..." (e.g. §6.16, §6.7.3). */
  readonly atLeastOneOf?: readonly string[];
  readonly check?: ObjectCheck;
}

/** A top-level object type. */
export interface TypeSpec extends ObjectSpec {
  readonly category: ObjectCategory;
  /** Predefined extensions (§3.10) by their `extensions` key; SCOs only. */
  readonly predefinedExtensions: ReadonlyMap<string, ObjectSpec>;
  /** SCO ID contributing properties (§3.4); null for non-SCOs. */
  readonly idContributing: readonly string[] | null;
}

const MAX_INTEGER = 2 ** 53 - 1;

// Leaf kinds are shared instances: specs hold references, nothing is built per object.
export const STRING: Kind = { k: 'string' };
export const BOOLEAN: Kind = { k: 'boolean' };
/** §2.10: any integer in [-(2^53)+1, (2^53)-1]. */
export const INTEGER: Kind = { k: 'integer', min: -MAX_INTEGER, max: MAX_INTEGER };
/** Integers that MUST NOT be negative (sizes, counts). */
export const NON_NEGATIVE_INTEGER: Kind = { k: 'integer', min: 0, max: MAX_INTEGER };
export const FLOAT: Kind = { k: 'float', min: -Infinity, max: Infinity };
export const TIMESTAMP: Kind = { k: 'timestamp', millis: false };
/** §3.2: `created` and `modified` need at least millisecond precision. */
export const TIMESTAMP_MILLIS: Kind = { k: 'timestamp', millis: true };
export const HASHES: Kind = { k: 'hashes' };
export const HEX: Kind = { k: 'hex' };
export const BINARY: Kind = { k: 'binary' };
export const LANG: Kind = { k: 'lang' };
export const SPEC_VERSION: Kind = { k: 'spec-version' };
export const TYPE: Kind = { k: 'type' };
export const ID: Kind = { k: 'id' };
export const EXTENSIONS: Kind = { k: 'extensions' };
export const OBSERVABLE_CONTAINER: Kind = { k: 'observable-container' };
export const ANY: Kind = { k: 'any' };
export const RESERVED: Kind = { k: 'reserved' };

export function integer(min: number, max: number): Kind {
  return { k: 'integer', min, max };
}

export function float(min: number, max: number): Kind {
  return { k: 'float', min, max };
}

export function list(item: Kind): Kind {
  return { k: 'list', item };
}

export function ref(target: RefTarget): Kind {
  return { k: 'ref', target };
}

export function refs(target: RefTarget): Kind {
  return { k: 'list', item: { k: 'ref', target } };
}

export function enumOf(vocab: Vocabulary): Kind {
  return { k: 'enum', vocab };
}

export function vocab(v: Vocabulary): Kind {
  return { k: 'vocab', vocab: v };
}

export function dictionary(value: Kind | null = null): Kind {
  return { k: 'dictionary', value };
}

export function either(label: string, ...kinds: Kind[]): Kind {
  return { k: 'either', kinds, label };
}

export function object(spec: ObjectSpec): Kind {
  return { k: 'object', spec };
}

/** A property table entry: a bare kind (section defaults to the object's) or a full spec. */
export type PropEntry = Kind | PropSpec;

function isPropSpec(entry: PropEntry): entry is PropSpec {
  return 'kind' in entry;
}

export function propMap(section: string, ...tables: Readonly<Record<string, PropEntry>>[]): Map<string, PropSpec> {
  const map = new Map<string, PropSpec>();
  for (const table of tables) {
    for (const [name, entry] of Object.entries(table)) {
      map.set(name, isPropSpec(entry) ? entry : { kind: entry, section });
    }
  }
  return map;
}

export interface SubObjectOptions {
  readonly name: string;
  readonly section: string;
  readonly props: Readonly<Record<string, PropEntry>>;
  readonly required?: readonly string[];
  readonly unknownProps?: UnknownPropertyMode;
  readonly atLeastOneOf?: readonly string[];
  readonly check?: ObjectCheck;
}

/** A nested object type (kill-chain-phase, an extension, ...). */
export function subObject(options: SubObjectOptions): ObjectSpec {
  return {
    name: options.name,
    section: options.section,
    props: propMap(options.section, options.props),
    required: options.required ?? [],
    unknownProps: options.unknownProps ?? 'custom',
    ...(options.atLeastOneOf ? { atLeastOneOf: options.atLeastOneOf } : {}),
    ...(options.check ? { check: options.check } : {}),
  };
}

export interface TypeOptions {
  readonly name: string;
  readonly section: string;
  readonly category: ObjectCategory;
  /** The common-property table for the category (see common.ts). */
  readonly common: Readonly<Record<string, PropSpec>>;
  readonly commonRequired: readonly string[];
  readonly props: Readonly<Record<string, PropEntry>>;
  readonly required?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly check?: ObjectCheck;
  readonly predefinedExtensions?: ReadonlyMap<string, ObjectSpec>;
  readonly idContributing?: readonly string[];
}

/** A top-level object type: its common properties plus its own. */
export function defineType(options: TypeOptions): TypeSpec {
  return {
    name: options.name,
    section: options.section,
    category: options.category,
    props: propMap(options.section, options.common, options.props),
    required: [...options.commonRequired, ...(options.required ?? [])],
    unknownProps: 'custom',
    predefinedExtensions: options.predefinedExtensions ?? new Map(),
    idContributing: options.idContributing ?? null,
    ...(options.atLeastOneOf ? { atLeastOneOf: options.atLeastOneOf } : {}),
    ...(options.check ? { check: options.check } : {}),
  };
}
