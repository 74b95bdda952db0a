// STIX Meta Objects (STIX 2.1 §7): language-content, marking-definition, extension-definition.

import { isLanguageTag } from '../language-tags.ts';
import { has, isJsonObject, type JsonObject } from '../json.ts';
import { TLP_LEVEL_BY_ID } from '../markings.ts';
import { childPath, indexPath } from '../validate/issues.ts';
import { EXTENSION_TYPE_ENUM, MARKING_DEFINITION_TYPE_OV } from '../vocabularies.ts';
import { commonProps } from './common.ts';
import { ANY, defineType, dictionary, enumOf, list, ref, STRING, TIMESTAMP, vocab, type Ctx, type PropSpec } from './kinds.ts';
import { ANY_OBJECT } from './ref-targets.ts';

function checkLanguageContent(content: JsonObject, base: string, ctx: Ctx): void {
  // §7.1.1: "The keys in the dictionary MUST be RFC 5646 language codes".
  const contents = content['contents'];
  if (!isJsonObject(contents)) return;
  const contentsPath = childPath(base, 'contents');
  for (const key in contents) {
    if (!isLanguageTag(key)) {
      ctx.sink.error(childPath(contentsPath, key), 'invalid-language-tag', `"${key}" is not an RFC 5646 language code (§7.1.1)`);
    }
  }
}

export const LANGUAGE_CONTENT = defineType({
  name: 'language-content', section: '7.1', category: 'meta',
  common: commonProps(
    ['type', 'spec_version', 'id', 'created_by_ref', 'created', 'modified', 'revoked', 'labels', 'confidence',
      'external_references', 'object_marking_refs', 'granular_markings', 'extensions'],
    ['lang', 'defanged'],
  ),
  commonRequired: ['type', 'spec_version', 'id', 'created', 'modified'],
  // Each value mirrors the target object's properties, so its keys are not judged as custom.
  props: { object_ref: ref(ANY_OBJECT), object_modified: TIMESTAMP, contents: dictionary(dictionary(ANY)) },
  required: ['object_ref', 'contents'],
  check: checkLanguageContent,
});

/** §7.2.1.3: a statement marking's definition. */
function checkStatementDefinition(definition: JsonObject, path: string, ctx: Ctx): void {
  if (typeof definition['statement'] !== 'string') {
    ctx.sink.error(childPath(path, 'statement'), 'missing-required', 'a statement marking MUST have a string statement (§7.2.1.3)');
  }
}

/** §7.2.1.4: only the four predefined TLP marking definitions may exist. */
function checkTlpDefinition(marking: JsonObject, definition: JsonObject, base: string, ctx: Ctx): void {
  const path = childPath(childPath(base, 'definition'), 'tlp');
  const tlp = definition['tlp'];
  if (typeof tlp !== 'string') {
    ctx.sink.error(path, 'missing-required', 'a TLP marking MUST have a string tlp (§7.2.1.4)');
    return;
  }
  const id = marking['id'];
  const expected = typeof id === 'string' ? TLP_LEVEL_BY_ID.get(id) : undefined;
  if (expected === undefined) {
    ctx.sink.error(childPath(base, 'id'), 'invalid-tlp-marking', 'only the four predefined TLP marking definitions may be used or created (§7.2.1.4)');
  } else if (expected !== tlp) {
    ctx.sink.error(path, 'invalid-tlp-marking', `marking ${String(id)} is TLP ${expected}, not ${tlp} (§7.2.1.4)`);
  }
}

function checkMarkingDefinition(marking: JsonObject, base: string, ctx: Ctx): void {
  // §7.2.1.1: without extensions, definition_type and definition MUST be present.
  if (!has(marking, 'extensions')) {
    for (const name of ['definition_type', 'definition']) {
      if (!has(marking, name)) {
        ctx.sink.error(childPath(base, name), 'missing-required', `${name} MUST be present when extensions is absent (§7.2.1.1)`);
      }
    }
  }
  const definition = marking['definition'];
  if (isJsonObject(definition)) {
    const type = marking['definition_type'];
    if (type === 'tlp') checkTlpDefinition(marking, definition, base, ctx);
    else if (type === 'statement') checkStatementDefinition(definition, childPath(base, 'definition'), ctx);
  }
  checkCircularMarking(marking, base, ctx);
}

/** §3.2: a marking definition's markings "MUST NOT contain any references to the same Marking Definition object". */
function checkCircularMarking(marking: JsonObject, base: string, ctx: Ctx): void {
  const id = marking['id'];
  const objectMarkings = marking['object_marking_refs'];
  if (Array.isArray(objectMarkings)) {
    for (let i = 0; i < objectMarkings.length; i++) {
      if (objectMarkings[i] === id) {
        ctx.sink.error(indexPath(childPath(base, 'object_marking_refs'), i), 'circular-marking', 'a marking definition MUST NOT mark itself (§3.2)');
      }
    }
  }
  const granular = marking['granular_markings'];
  if (Array.isArray(granular)) {
    for (let i = 0; i < granular.length; i++) {
      const entry: unknown = granular[i];
      if (isJsonObject(entry) && entry['marking_ref'] === id) {
        ctx.sink.error(childPath(indexPath(childPath(base, 'granular_markings'), i), 'marking_ref'), 'circular-marking', 'a marking definition MUST NOT mark itself (§3.2)');
      }
    }
  }
}

/** §7.2.1.1: `definition` holds "the marking object itself", so it is an object of any shape. */
const DEFINITION: PropSpec = { kind: dictionary(ANY), section: '7.2.1.1' };

export const MARKING_DEFINITION = defineType({
  name: 'marking-definition', section: '7.2.1', category: 'meta',
  common: commonProps(
    ['type', 'spec_version', 'id', 'created_by_ref', 'created', 'external_references', 'object_marking_refs',
      'granular_markings', 'extensions'],
    ['modified', 'revoked', 'labels', 'confidence', 'lang', 'defanged'],
  ),
  commonRequired: ['type', 'spec_version', 'id', 'created'],
  props: { name: STRING, definition_type: vocab(MARKING_DEFINITION_TYPE_OV), definition: DEFINITION },
  check: checkMarkingDefinition,
});

function checkExtensionDefinition(definition: JsonObject, base: string, ctx: Ctx): void {
  const types = definition['extension_types'];
  const toplevel = Array.isArray(types) && types.includes('toplevel-property-extension');
  // §7.3.1: extension_properties "MUST only be used when the extension_types property includes
  // a value of toplevel-property-extension"; with it, it SHOULD list one or more names.
  if (has(definition, 'extension_properties') && !toplevel) {
    ctx.sink.error(childPath(base, 'extension_properties'), 'property-dependency', 'extension_properties requires extension_types to include toplevel-property-extension (§7.3.1)');
  } else if (toplevel && !has(definition, 'extension_properties')) {
    ctx.sink.warn(childPath(base, 'extension_properties'), 'missing-extension-properties', 'a toplevel-property-extension SHOULD list its extension_properties (§7.3.1)');
  }
}

export const EXTENSION_DEFINITION = defineType({
  name: 'extension-definition', section: '7.3', category: 'meta',
  common: commonProps(
    ['type', 'spec_version', 'id', 'created_by_ref', 'created', 'modified', 'revoked', 'labels', 'external_references',
      'object_marking_refs', 'granular_markings'],
    ['confidence', 'lang', 'extensions', 'defanged'],
  ),
  commonRequired: ['type', 'spec_version', 'id', 'created', 'modified', 'created_by_ref'],
  props: {
    name: STRING, description: STRING, schema: STRING, version: STRING, extension_types: list(enumOf(EXTENSION_TYPE_ENUM)),
    extension_properties: list(STRING),
  },
  required: ['name', 'schema', 'version', 'extension_types'],
  check: checkExtensionDefinition,
});
