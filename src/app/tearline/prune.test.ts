import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prune, rewriteSelector } from './prune.ts';
import type { StixObject } from '../../domain/stix/object.ts';

const obj: StixObject = {
  type: 'threat-actor',
  id: 'threat-actor--6ba7b810-9dad-41d1-80b4-00c04fd430c8',
  name: 'n',
  labels: ['a', 'b', 'c'],
  external_references: [
    { source_name: 'one', url: 'https://one.example' },
    { source_name: 'two', url: 'https://two.example', description: 'kept' },
  ],
  kill_chain_phases: [{ kill_chain_name: 'k', phase_name: 'p' }],
  extensions: { 'x-ext': { extension_type: 'property-extension', deep: { a: 1 } } },
};

describe('prune', () => {
  test('never changes its input', () => {
    const copy = structuredClone(obj);
    prune(obj, [['labels', 1], ['external_references', 0, 'url'], ['name']]);
    assert.deepEqual(obj, copy);
  });

  test('removes list items and moves later selectors down', () => {
    const p = prune(obj, [['labels', 0]]);
    assert.deepEqual(p.object['labels'], ['b', 'c']);
    assert.equal(rewriteSelector('labels.[2]', p), 'labels.[1]');
    assert.equal(rewriteSelector('labels.[0]', p), undefined);
    assert.equal(rewriteSelector('name', p), 'name');
  });

  test('an emptied list or dictionary goes entirely (STIX 2.1 §3.3)', () => {
    const p = prune(obj, [['labels', 0], ['labels', 1], ['labels', 2], ['extensions', 'x-ext', 'deep', 'a']]);
    assert.equal(p.object['labels'], undefined);
    assert.equal(rewriteSelector('labels', p), undefined);
    assert.deepEqual(p.object['extensions'], { 'x-ext': { extension_type: 'property-extension' } });
  });

  test('an external reference left without url, description or external_id goes (STIX 2.1 §2.5)', () => {
    const p = prune(obj, [['external_references', 0, 'url'], ['external_references', 1, 'url']]);
    assert.deepEqual(p.object['external_references'], [{ source_name: 'two', description: 'kept' }]);
    assert.equal(rewriteSelector('external_references.[1].description', p), 'external_references.[0].description');
    assert.equal(rewriteSelector('external_references.[0]', p), undefined);
  });

  test('a kill chain phase without its name goes (STIX 2.1 §2.8)', () => {
    const p = prune(obj, [['kill_chain_phases', 0, 'phase_name']]);
    assert.equal(p.object['kill_chain_phases'], undefined);
  });
});
