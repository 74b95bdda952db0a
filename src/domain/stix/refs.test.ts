import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMarkings, isPredefinedMarking } from './markings.ts';
import type { StixObject } from './object.ts';
import { extractRefs } from './refs.ts';

const IDENTITY = 'identity--00000000-0000-4000-8000-000000000001';
const MALWARE = 'malware--00000000-0000-4000-8000-000000000002';
const FILE = 'file--00000000-0000-5000-8000-000000000003';
const ARTIFACT = 'artifact--00000000-0000-5000-8000-000000000004';
const AMBER = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
const STATEMENT = 'marking-definition--00000000-0000-4000-8000-000000000005';

const report: StixObject = {
  type: 'report',
  id: 'report--00000000-0000-4000-8000-000000000006',
  created_by_ref: IDENTITY,
  object_refs: [MALWARE, FILE],
  object_marking_refs: [AMBER],
  granular_markings: [
    { marking_ref: STATEMENT, selectors: ['description', 'object_refs.[1]'] },
    { lang: 'de', selectors: ['name'] },
  ],
  x_acme_contents: [{ object_ref: MALWARE, note: 'x' }],
  x_acme_label_ref: 'not an identifier',
  extensions: { 'extension-definition--00000000-0000-4000-8000-000000000007': { extension_type: 'property-extension', evidence_refs: [ARTIFACT] } },
};

test('extractRefs finds every *_ref and *_refs value, nested ones included, with its path', () => {
  assert.deepEqual(extractRefs(report), [
    { path: 'created_by_ref', targetId: IDENTITY },
    { path: 'object_refs[0]', targetId: MALWARE },
    { path: 'object_refs[1]', targetId: FILE },
    { path: 'x_acme_contents[0].object_ref', targetId: MALWARE },
    { path: 'extensions.extension-definition--00000000-0000-4000-8000-000000000007.evidence_refs[0]', targetId: ARTIFACT },
  ]);
});

test('extractRefs leaves markings out and SCO extension refs in', () => {
  const archive: StixObject = {
    type: 'file', id: FILE, name: 'a.zip',
    extensions: { 'archive-ext': { contains_refs: ['file--00000000-0000-5000-8000-000000000008'] } },
    object_marking_refs: [AMBER],
  };
  assert.deepEqual(extractRefs(archive), [
    { path: 'extensions.archive-ext.contains_refs[0]', targetId: 'file--00000000-0000-5000-8000-000000000008' },
  ]);
});

test('extractMarkings lists object markings and granular data markings, not language markings', () => {
  assert.deepEqual(extractMarkings(report), [
    { markingRef: AMBER, selectors: null },
    { markingRef: STATEMENT, selectors: ['description', 'object_refs.[1]'] },
  ]);
});

test('isPredefinedMarking knows exactly the four TLP 1.0 markings of §7.2.1.4', () => {
  for (const id of [
    'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
    AMBER, 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
  ]) assert.ok(isPredefinedMarking(id), id);
  // TLP 2.0 markings are not predefined by STIX 2.1.
  assert.ok(!isPredefinedMarking('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'));
  assert.ok(!isPredefinedMarking(STATEMENT));
});
