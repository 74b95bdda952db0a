import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePartnerProfile } from './parse.ts';

const minimal = {
  name: 'Iraqi National Intelligence Service',
  identity_ref: 'identity--7d2b2a4e-2c1f-4f0e-9b1a-3c4d5e6f7a80',
  country: 'IRQ',
  organization: 'INIS',
  clearance: 'S',
  communities: [],
};

describe('parsePartnerProfile', () => {
  test('the minimal profile: the six required keys', () => {
    const r = parsePartnerProfile(minimal);
    assert.ok(r.ok);
    assert.equal(r.partner.country, 'IRQ');
    assert.equal(r.partner.clearance, 'S');
    assert.deepEqual(r.partner.consents, []);
    assert.deepEqual(r.partner.channels, []);
  });

  test('the documented example parses', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../../examples/partners/syria-gss.json', import.meta.url), 'utf8'));
    const r = parsePartnerProfile(json);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.partner.consents[0]?.type, 'tlp');
    assert.equal(r.partner.consents[0]?.maxTlp, 'amber');
    assert.deepEqual(r.partner.sharingScopes, ['FOREIGNGOV']);
  });

  test('reports every problem with a path and a code', () => {
    const r = parsePartnerProfile({
      name: '',
      identity_ref: 'identity--not-a-uuid',
      country: 'Syria',
      clearance: 'SECRET',
      communities: 'ct',
      channels: [{ kind: 'pigeon' }, { kind: 'email' }],
      consents: [{ type: 'orcon' }, { type: 'relido' }, { type: 'tlp', originator: 'identity--9a3c1f52-6b0e-4c55-8c6a-7d2e4b1f0a02', max_tlp: 'clear' }],
      clearence: 'S',
    });
    assert.ok(!r.ok);
    const got = r.errors.map((e) => `${e.path}:${e.code}`).sort();
    assert.deepEqual(
      got,
      [
        'channels[0].kind:enum',
        'channels[1].address:required',
        'clearance:enum',
        'clearence:unknown-key',
        'communities:type',
        'consents[0].originator:required',
        'consents[1].granted_by:required',
        'consents[2].max_tlp:enum',
        'country:format',
        'identity_ref:format',
        'name:type',
        'organization:required',
      ].sort(),
    );
    for (const e of r.errors) assert.ok(e.message.length > 10, e.message);
  });

  test('rejects non-objects', () => {
    for (const v of [null, [], 'x', 3]) {
      const r = parsePartnerProfile(v);
      assert.ok(!r.ok);
      assert.equal(r.errors[0]?.path, '');
    }
  });
});
