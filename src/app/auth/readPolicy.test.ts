// Internal reads: clearance and compartments against the markings, through policy.decideObject.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildMarkingIndex, classificationRank, portionsOf } from '../../domain/markings/index.ts';
import { arbMarking } from '../../domain/markings/testing.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { decideRead, isProtected, readerPortionDecision } from './readPolicy.ts';

function statement(n: number, text: string): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--00000000-0000-4000-8000-00000000000${n}`,
    created: '2025-01-01T00:00:00.000Z',
    definition_type: 'statement',
    definition: { statement: text },
  } as StixObject;
}

const SECRET_SI = statement(1, 'SECRET//SI');
const SECRET = statement(2, 'SECRET//REL TO USA, GBR');
const TLP_CLEAR = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';
const index = buildMarkingIndex([SECRET_SI, SECRET]);

function malware(extra: Record<string, unknown>): StixObject {
  return { type: 'malware', spec_version: '2.1', id: 'malware--11111111-1111-4111-8111-111111111111', created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', name: 'x', is_family: false, ...extra } as StixObject;
}

function decide(object: StixObject, clearance: 'U' | 'C' | 'S' | 'TS', compartments: string[] = []) {
  return decideRead(portionsOf(object, index.resolve), object.id, { clearance, compartments });
}

describe('internal read decisions', () => {
  test('clearance must reach the classification', () => {
    const object = malware({ object_marking_refs: [SECRET.id] });
    assert.equal(decide(object, 'C').verdict, 'withhold');
    assert.equal(decide(object, 'S').verdict, 'release');
    assert.equal(decide(object, 'TS').verdict, 'release');
    assert.equal(isProtected(decide(object, 'S')), true);
  });

  test('every control Tearline does not interpret is need-to-know: the reader must hold it', () => {
    const object = malware({ object_marking_refs: [SECRET_SI.id] });
    assert.equal(decide(object, 'TS').verdict, 'withhold');
    assert.equal(decide(object, 'TS', ['SI']).verdict, 'release');
  });

  test('release controls (REL TO, NOFORN, TLP) do not limit a cleared insider', () => {
    assert.equal(decide(malware({ object_marking_refs: [TLP_CLEAR] }), 'U').verdict, 'release');
    assert.equal(isProtected(decide(malware({ object_marking_refs: [TLP_CLEAR] }), 'U')), false);
    assert.equal(decide(malware({}), 'U').verdict, 'release');
  });

  test('an unknown marking hides the object from everyone (fail closed)', () => {
    const object = malware({ object_marking_refs: ['marking-definition--99999999-9999-4999-8999-999999999999'] });
    assert.equal(decide(object, 'TS', ['SI']).verdict, 'withhold');
  });

  test('a granular portion above the reader is redacted, the rest shown', () => {
    const object = malware({ description: 'secret detail', granular_markings: [{ marking_ref: SECRET_SI.id, selectors: ['description'] }] });
    const low = decide(object, 'U');
    assert.equal(low.verdict, 'redact');
    assert.deepEqual(low.redactions.map((r) => r.selector), ['description']);
    assert.equal(isProtected(low), false, 'what was shown needed no clearance');
    const high = decide(object, 'S', ['SI']);
    assert.equal(high.verdict, 'release');
    assert.equal(isProtected(high), true);
  });

  test('property: a portion is shown only to readers cleared for it and read into all its controls', () => {
    fc.assert(fc.property(arbMarking, fc.constantFrom('U', 'C', 'S', 'TS' as const), fc.subarray(['SI', 'FOUO', 'LES', 'TK']), (m, clearance, compartments) => {
      const decision = readerPortionDecision(m, { clearance, compartments });
      const expected = classificationRank(m.classification) <= classificationRank(clearance) && m.otherControls.every((c) => compartments.includes(c));
      return decision.release === expected;
    }));
  });
});
