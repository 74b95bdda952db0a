// Meta objects (§7) and the extension mechanism (§7.3).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../json.ts';
import { TLP_LEVEL_BY_ID } from '../markings.ts';
import { codes, IDENTITY_REF, T0, uuid4, valid } from './test-fixtures.ts';
import { validateObject } from './index.ts';

function errorsOf(object: unknown): [string, string][] {
  return codes(validateObject(object).errors);
}

function warningsOf(object: unknown): [string, string][] {
  return codes(validateObject(object).warnings);
}

function with_(type: string, changes: JsonObject, remove: string[] = []): JsonObject {
  const object = { ...valid(type), ...changes };
  for (const name of remove) delete object[name];
  return object;
}

function tlp(id: string, level: string): JsonObject {
  return {
    type: 'marking-definition', spec_version: '2.1', id, created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp', name: `TLP:${level.toUpperCase()}`, definition: { tlp: level },
  };
}

describe('marking definitions (§7.2.1)', () => {
  test('the four predefined TLP markings of §7.2.1.4 are valid', () => {
    for (const [id, level] of TLP_LEVEL_BY_ID) assert.deepEqual(validateObject(tlp(id, level)), { errors: [], warnings: [] }, level);
  });
  test('no other TLP marking definition may exist, and a TLP id keeps its level', () => {
    assert.deepEqual(errorsOf(tlp(`marking-definition--${uuid4(1)}`, 'green')), [['invalid-tlp-marking', 'id']]);
    const [greenId] = [...TLP_LEVEL_BY_ID].find(([, level]) => level === 'green') ?? [''];
    assert.deepEqual(errorsOf(tlp(greenId, 'red')), [['invalid-tlp-marking', 'definition.tlp']]);
  });
  test('without extensions, definition_type and definition MUST be present', () => {
    assert.deepEqual(errorsOf(with_('marking-definition', {}, ['definition_type', 'definition'])), [
      ['missing-required', 'definition_type'], ['missing-required', 'definition'],
    ]);
  });
  test('a marking defined by an extension (TLP 2.0 style) needs no definition', () => {
    const tlp2 = with_('marking-definition', {
      name: 'TLP:CLEAR',
      extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' } },
    }, ['definition_type', 'definition']);
    assert.deepEqual(validateObject(tlp2), { errors: [], warnings: [] });
  });
  test('a statement marking MUST carry its statement', () => {
    assert.deepEqual(errorsOf(with_('marking-definition', { definition: { text: 'Copyright' } })), [['missing-required', 'definition.statement']]);
  });
  test('marking definitions are not versioned: modified is not applicable', () => {
    assert.deepEqual(warningsOf(with_('marking-definition', { modified: T0 })), [['not-applicable-property', 'modified']]);
  });
  test('a marking definition MUST NOT mark itself (§3.2)', () => {
    const marking = valid('marking-definition');
    marking['object_marking_refs'] = [marking['id']];
    assert.deepEqual(errorsOf(marking), [['circular-marking', 'object_marking_refs[0]']]);
  });
});

describe('language content (§7.1)', () => {
  test('contents keys MUST be RFC 5646 language codes', () => {
    assert.deepEqual(errorsOf(with_('language-content', { contents: { e: { name: 'x' } } })), [['invalid-language-tag', 'contents.e']]);
  });
  test('contents values are dictionaries; lang is not applicable', () => {
    assert.deepEqual(errorsOf(with_('language-content', { contents: { de: 'Giftefeu' } })), [['invalid-type', 'contents.de']]);
    assert.deepEqual(warningsOf(with_('language-content', { lang: 'en' })), [['not-applicable-property', 'lang']]);
  });
});

describe('extension definitions (§7.3)', () => {
  test('created_by_ref and the specific properties are required', () => {
    for (const name of ['created_by_ref', 'name', 'schema', 'version', 'extension_types']) {
      assert.deepEqual(errorsOf(with_('extension-definition', {}, [name])), [['missing-required', name]], name);
    }
  });
  test('extension_types come from extension-type-enum', () => {
    assert.deepEqual(errorsOf(with_('extension-definition', { extension_types: ['new-thing'] })), [['not-in-enum', 'extension_types[0]']]);
  });
  test('extension_properties only with toplevel-property-extension, which SHOULD list them', () => {
    assert.deepEqual(errorsOf(with_('extension-definition', { extension_properties: ['rank'] })), [['property-dependency', 'extension_properties']]);
    assert.deepEqual(warningsOf(with_('extension-definition', { extension_types: ['toplevel-property-extension'] })), [['missing-extension-properties', 'extension_properties']]);
  });
});

describe('extensions on objects (§3.2, §7.3)', () => {
  const DEFINITION = `extension-definition--${uuid4(10)}`;
  test('a property extension is accepted with well-named properties', () => {
    const indicator = with_('indicator', { extensions: { [DEFINITION]: { extension_type: 'property-extension', rank: 5, toxicity: 8 } } });
    assert.deepEqual(validateObject(indicator), { errors: [], warnings: [] });
  });
  test('extension_type MUST be present and come from extension-type-enum', () => {
    assert.deepEqual(errorsOf(with_('tool', { extensions: { [DEFINITION]: { rank: 5 } } })), [['missing-extension-type', `extensions.${DEFINITION}.extension_type`]]);
    assert.deepEqual(errorsOf(with_('tool', { extensions: { [DEFINITION]: { extension_type: 'property' } } })), [['not-in-enum', `extensions.${DEFINITION}.extension_type`]]);
  });
  test('extension property names follow §7.3.2.1', () => {
    assert.deepEqual(errorsOf(with_('tool', { extensions: { [DEFINITION]: { extension_type: 'property-extension', Rank: 5 } } })), [['invalid-property-name', `extensions.${DEFINITION}.Rank`]]);
  });
  test('a STIX-defined type MUST NOT be redefined as a new object type', () => {
    assert.deepEqual(errorsOf(with_('tool', { extensions: { [DEFINITION]: { extension_type: 'new-sdo' } } })), [['extension-redefines-type', `extensions.${DEFINITION}.extension_type`]]);
  });
  test('a malformed extension-definition key is invalid-extension-key', () => {
    assert.deepEqual(errorsOf(with_('tool', { extensions: { 'extension-definition--1234': { extension_type: 'property-extension' } } })), [['invalid-extension-key', 'extensions.extension-definition--1234']]);
  });
  test('on an SDO, a key that is not an extension definition id is a warning', () => {
    assert.deepEqual(warningsOf(with_('tool', { extensions: { 'x-acme-ext': { x_score: 1 } } })), [['unrecognised-extension-key', 'extensions.x-acme-ext']]);
  });
  test('extensions MUST NOT be empty and each instance is an object', () => {
    assert.deepEqual(errorsOf(with_('tool', { extensions: {} })), [['empty-dictionary', 'extensions']]);
    assert.deepEqual(errorsOf(with_('tool', { extensions: { [DEFINITION]: 'property-extension' } })), [['invalid-type', `extensions.${DEFINITION}`]]);
  });
  test('with a toplevel-property-extension, top-level extension properties need no x_ prefix', () => {
    const extensions = { [DEFINITION]: { extension_type: 'toplevel-property-extension' } };
    assert.deepEqual(validateObject(with_('indicator', { rank: 1, toxicity: 2, extensions })), { errors: [], warnings: [] });
    assert.deepEqual(warningsOf(with_('indicator', { rank: 1 })), [['custom-property-prefix', 'rank']]);
  });
  test('extension definitions are referenced by created_by_ref identity', () => {
    assert.deepEqual(errorsOf(with_('extension-definition', { created_by_ref: IDENTITY_REF })), []);
  });
});
