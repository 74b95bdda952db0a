import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseReleasePolicy } from './parse.ts';
import { MITRE_IDENTITY_REF } from './policy.ts';

describe('parseReleasePolicy', () => {
  test('the documented example parses', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../examples/partners/release-policy.json', import.meta.url), 'utf8'));
    const r = parseReleasePolicy(json);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.policy.ourCountry, 'USA');
    assert.equal(r.policy.consents.length, 2);
    assert.equal(r.policy.consents[0]?.releaseId, 'release-2025-07-03-001');
    assert.equal(r.policy.consents[1]?.grantedBy, 'Foreign disclosure officer M. Rivera');
    assert.deepEqual(r.policy.releasableControls, ['FOUO']);
  });

  test('defaults: release mode, MITRE public, nothing internal, no country (everyone foreign)', () => {
    const r = parseReleasePolicy({ our_identity_ref: 'identity--d9e075d4-7154-4d78-b29c-9a324d36f3e8' });
    assert.ok(r.ok);
    assert.equal(r.policy.mode, 'release');
    assert.equal(r.policy.ourCountry, undefined);
    assert.deepEqual(r.policy.publicIdentityRefs, [MITRE_IDENTITY_REF]);
    assert.deepEqual(r.policy.internalReferences, { urlPrefixes: [], sourceNames: [] });
  });

  test('reports every problem with a path', () => {
    const r = parseReleasePolicy({
      our_country: 'US',
      mode: 'broadcast',
      classification_names: { U: 'OFFICIAL' },
      consents: [{ type: 'orcon', originator: 'identity--d9e075d4-7154-4d78-b29c-9a324d36f3e8' }, 'yes'],
      internal_references: { prefixes: [] },
      ourCountry: 'USA',
    });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => `${e.path}:${e.code}`).sort(),
      [
        'classification_names.C:required',
        'classification_names.S:required',
        'classification_names.TS:required',
        'consents[0].partner:required',
        'consents[1]:type',
        'internal_references.prefixes:unknown-key',
        'mode:enum',
        'our_country:format',
        'our_identity_ref:required',
        'ourCountry:unknown-key',
      ].sort(),
    );
  });
});
