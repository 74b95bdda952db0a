// Common properties (STIX 2.1 §3.2) and the common sub-types every object may use:
// external-reference (§2.5), kill-chain-phase (§2.11), granular-marking (§7.2.3.1).

import { has, type JsonObject } from '../json.ts';
import { resolvesSelector } from '../selectors.ts';
import { childPath, indexPath } from '../validate/issues.ts';
import { checkAtLeastOne } from './checks.ts';
import {
  BOOLEAN, EXTENSIONS, HASHES, ID, integer, LANG, list, object, ref, refs, SPEC_VERSION, STRING, subObject,
  TIMESTAMP_MILLIS, TYPE,
  type Ctx, type PropSpec,
} from './kinds.ts';
import { IDENTITY, MARKING_DEFINITION } from './ref-targets.ts';

/** §2.11: SHOULD be all lowercase with hyphens as word separators. */
function isLowercaseHyphenated(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 32 || c === 95) return false;
  }
  return true;
}

function checkKillChainPhase(phase: JsonObject, base: string, ctx: Ctx): void {
  for (const name of ['kill_chain_name', 'phase_name']) {
    const value = phase[name];
    if (typeof value === 'string' && !isLowercaseHyphenated(value)) {
      ctx.sink.warn(childPath(base, name), 'kill-chain-format', `${name} SHOULD be lowercase with hyphens as word separators (§2.11)`);
    }
  }
}

export const KILL_CHAIN_PHASE = subObject({
  name: 'kill-chain-phase',
  section: '2.11',
  props: { kill_chain_name: STRING, phase_name: STRING },
  required: ['kill_chain_name', 'phase_name'],
  check: checkKillChainPhase,
});

export const EXTERNAL_REFERENCE = subObject({
  name: 'external-reference',
  section: '2.5',
  props: { source_name: STRING, description: STRING, url: STRING, hashes: HASHES, external_id: STRING },
  required: ['source_name'],
  // §2.5.2: besides source_name, at least one of description, url or external_id MUST be present.
  check: (reference, base, ctx) => checkAtLeastOne(reference, base, ctx, ['description', 'url', 'external_id'], '2.5.2'),
});

function checkGranularMarking(marking: JsonObject, base: string, ctx: Ctx): void {
  // §7.2.3: "one and only one of these properties MUST be present".
  const hasLang = has(marking, 'lang');
  if (hasLang === has(marking, 'marking_ref')) {
    const message = hasLang ? 'has both marking_ref and lang' : 'has neither marking_ref nor lang';
    ctx.sink.error(base, 'granular-marking-exclusive', `a granular marking ${message}; exactly one MUST be present (§7.2.3)`);
  }
  const selectors = marking['selectors'];
  if (!Array.isArray(selectors)) return;
  const selectorsPath = childPath(base, 'selectors');
  for (let i = 0; i < selectors.length; i++) {
    const selector: unknown = selectors[i];
    // §7.2.3.1: "Selectors MUST refer to properties or list items that are actually present".
    if (typeof selector === 'string' && !resolvesSelector(ctx.root, selector)) {
      ctx.sink.error(indexPath(selectorsPath, i), 'unresolved-selector', `selector "${selector}" does not resolve to content of this object (§7.2.3.1)`);
    }
  }
}

export const GRANULAR_MARKING = subObject({
  name: 'granular-marking',
  section: '7.2.3.1',
  props: { lang: LANG, marking_ref: ref(MARKING_DEFINITION), selectors: list(STRING) },
  required: ['selectors'],
  check: checkGranularMarking,
});

/** Every common property of §3.2, by name. Which apply depends on the object category. */
const COMMON: Readonly<Record<string, PropSpec>> = {
  type: { kind: TYPE, section: '3.2' },
  spec_version: { kind: SPEC_VERSION, section: '3.2' },
  id: { kind: ID, section: '3.2' },
  created_by_ref: { kind: ref(IDENTITY), section: '3.2' },
  created: { kind: TIMESTAMP_MILLIS, section: '3.2' },
  modified: { kind: TIMESTAMP_MILLIS, section: '3.2' },
  revoked: { kind: BOOLEAN, section: '3.2' },
  labels: { kind: list(STRING), section: '3.2' },
  confidence: { kind: integer(0, 100), section: '3.2' },
  lang: { kind: LANG, section: '3.2' },
  external_references: { kind: list(object(EXTERNAL_REFERENCE)), section: '3.2' },
  object_marking_refs: { kind: refs(MARKING_DEFINITION), section: '3.2' },
  granular_markings: { kind: list(object(GRANULAR_MARKING)), section: '3.2' },
  defanged: { kind: BOOLEAN, section: '3.2' },
  extensions: { kind: EXTENSIONS, section: '3.2' },
};

function commonEntry(name: string): PropSpec {
  const entry = COMMON[name];
  if (!entry) throw new Error(`no common property ${name}`);
  return entry;
}

/**
 * The common property table of one object category: `applicable` names are validated as
 * usual; `notApplicable` ones are listed by the object's "Not Applicable Common Properties"
 * and draw a warning, except `defanged`, which §3.2 forbids outside SCOs (an error).
 */
export function commonProps(applicable: readonly string[], notApplicable: readonly string[]): Record<string, PropSpec> {
  const table: Record<string, PropSpec> = {};
  for (const name of applicable) table[name] = commonEntry(name);
  for (const name of notApplicable) {
    table[name] = name === 'defanged' ? { ...commonEntry(name), forbidden: true } : { ...commonEntry(name), notApplicable: true };
  }
  return table;
}

/** §4, §5 property tables: the common properties of SDOs and SROs. */
export const SDO_SRO_COMMON = commonProps(
  ['type', 'spec_version', 'id', 'created_by_ref', 'created', 'modified', 'revoked', 'labels', 'confidence', 'lang',
    'external_references', 'object_marking_refs', 'granular_markings', 'extensions'],
  ['defanged'],
);
export const SDO_SRO_REQUIRED = ['type', 'spec_version', 'id', 'created', 'modified'];

/**
 * §6 property tables: the common properties of SCOs. `created` and `modified` are not
 * listed, but §3.6 allows a producer to version an SCO with them, so they are validated
 * rather than flagged as custom.
 */
export const SCO_COMMON = commonProps(
  ['type', 'spec_version', 'id', 'object_marking_refs', 'granular_markings', 'defanged', 'extensions', 'created', 'modified'],
  ['created_by_ref', 'revoked', 'labels', 'confidence', 'lang', 'external_references'],
);
export const SCO_REQUIRED = ['type', 'id'];
