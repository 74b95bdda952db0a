import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { portionsOf } from './portions.ts';
import { buildMarkingIndex } from './resolver.ts';
import { parseSelector, formatSelector, resolves } from './selectors.ts';
import { toMarkingDefinition } from './extension.ts';
import { marking } from './model.ts';
import { tlp1MarkingId } from './tlp.ts';
import type { StixObject } from '../stix/object.ts';

const RED = tlp1MarkingId('red');
const AMBER = tlp1MarkingId('amber');
const GREEN = tlp1MarkingId('green');

// The OASIS "using granular markings" indicator (cti-documentation examples).
const indicator: StixObject = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--1ed8caa7-a708-4706-b651-f1186ede6ca1',
  created: '2017-04-27T16:18:24.318Z',
  modified: '2017-04-27T16:18:24.318Z',
  name: 'Fake email address',
  description: 'Known to be used by The Joker.',
  indicator_types: ['malicious-activity', 'attribution'],
  pattern: "[email-message:from_ref.value MATCHES '.+\\\\banking@g0thamnatl\\\\.com$']",
  pattern_type: 'stix',
  valid_from: '2017-04-27T16:18:24.318Z',
  granular_markings: [
    { marking_ref: RED, selectors: ['description'] },
    { marking_ref: AMBER, selectors: ['indicator_types.[1]'] },
    { marking_ref: GREEN, selectors: ['indicator_types.[0]', 'name', 'pattern'] },
  ],
};

describe('selectors (STIX 2.1 §7.2.3.1)', () => {
  test('parse and format', () => {
    assert.deepEqual(parseSelector('external_references.[0].url'), ['external_references', 0, 'url']);
    assert.equal(formatSelector(['labels', 1]), 'labels.[1]');
    for (const bad of ['', '[0]', 'a..b', 'labels.[01]', 'labels.[x]', 'labels.[-1]']) assert.equal(parseSelector(bad), undefined, bad);
  });

  test('resolve against an object', () => {
    assert.ok(resolves(indicator, ['indicator_types', 1]));
    assert.ok(!resolves(indicator, ['indicator_types', 2]));
    assert.ok(!resolves(indicator, ['labels']));
    assert.ok(!resolves(indicator, ['name', 0]));
  });
});

describe('portionsOf', () => {
  test('granular TLP markings on the OASIS example', () => {
    const p = portionsOf(indicator, buildMarkingIndex([]).resolve);
    assert.deepEqual(p.unknown, []);
    const bySelector = Object.fromEntries(p.granular.map((g) => [g.selector, g.marking.tlp]));
    assert.deepEqual(bySelector, {
      description: 'red',
      'indicator_types.[1]': 'amber',
      'indicator_types.[0]': 'green',
      name: 'green',
      pattern: 'green',
    });
  });

  test('a property carries object markings and its ancestors granular markings', () => {
    const secret = toMarkingDefinition(marking({ classification: 'S', relTo: ['USA', 'GBR'] }));
    const orcon = toMarkingDefinition(marking({ classification: 'C', orcon: true }));
    const obj: StixObject = {
      ...indicator,
      object_marking_refs: [GREEN],
      external_references: [{ source_name: 'x', url: 'https://example.org/a' }],
      granular_markings: [
        { marking_ref: secret.id, selectors: ['external_references'] },
        { marking_ref: orcon.id, selectors: ['external_references.[0].url'] },
      ],
    };
    const p = portionsOf(obj, buildMarkingIndex([secret, orcon]).resolve);
    const url = p.granular.find((g) => g.selector === 'external_references.[0].url');
    assert.ok(url);
    // The C//ORCON marking states no REL TO, so together the url is releasable to no foreign
    // country: markings on the same content only ever add restrictions.
    assert.deepEqual(url.marking, marking({ classification: 'S', orcon: true, tlp: 'green' }));
    const list = p.granular.find((g) => g.selector === 'external_references');
    assert.deepEqual(list?.marking, marking({ classification: 'S', relTo: ['GBR', 'USA'], tlp: 'green' }));
  });

  test('unknown and dangling marking refs are reported; unplaceable selectors apply to the whole object', () => {
    const secret = toMarkingDefinition(marking({ classification: 'S', noforn: true }));
    const obj: StixObject = {
      ...indicator,
      object_marking_refs: ['marking-definition--00000000-0000-4000-8000-000000000000'],
      granular_markings: [
        { marking_ref: 'marking-definition--11111111-1111-4111-8111-111111111111', selectors: ['name'] },
        { marking_ref: secret.id, selectors: ['no_such_property'] },
      ],
    };
    const p = portionsOf(obj, buildMarkingIndex([secret]).resolve);
    assert.equal(p.unknown.length, 1);
    assert.match(p.unknown[0] ?? '', /not present and not predefined/);
    assert.equal(p.granular[0]?.unknown.length, 1);
    assert.equal(p.objectMarking.noforn, true);
  });
});
