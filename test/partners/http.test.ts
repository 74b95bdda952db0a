// REST: partners and the tearline preview, through app.inject with real sign-ins. The preview
// of the founding scenario for the Syrian partner carries the shrine, the window and the
// method and nothing of the intercept; canary strings planted in withheld objects and in
// redacted portions never appear in the response bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { toObjectWrite } from '../../src/app/objectWrite.ts';
import type { Store } from '../../src/app/ports.ts';
import type { ThreatRecord } from '../../src/app/ports/threats.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { validateBundle } from '../../src/domain/stix/index.ts';
import { IDS, MARKINGS, OBJECTS, SECRETS } from '../../src/app/tearline/fixtures/founding-scenario.ts';
import { TEST_AUTH, manualClock, signedInAs, type SessionHeaders } from '../auth/support.ts';

const SYRIA_PROFILE = JSON.parse(readFileSync(new URL('../../examples/partners/syria-gss.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const POLICY = JSON.parse(readFileSync(new URL('../../examples/partners/release-policy.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const T = '2025-07-03T06:00:00.000Z';

/** Canaries: each sits only in a place the Syrian partner must not receive. */
const CANARY = {
  interceptNote: 'CANARY-7f3a-intercept-note',
  cableActor: 'CANARY-91c2-cable-actor',
  protectedSource: 'CANARY-0d5e-protected-source',
  granular: 'CANARY-55ab-granular-portion',
  internalUrl: 'CANARY-e4b1-internal-url',
} as const;

const EXTRA_IDS = {
  note: 'note--0b7e4a7e-1c1b-4b9e-9f7a-6a1d0c2b3e01',
  cellActor: 'threat-actor--5c8f2d1e-3a4b-4c5d-8e6f-7a8b9c0d1e02',
  informant: 'identity--8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c03',
  square: 'location--2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f04',
  threat: 'grouping--6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a05',
} as const;

const EXTRA: readonly StixObject[] = [
  { type: 'note', spec_version: '2.1', id: EXTRA_IDS.note, created: T, modified: T, created_by_ref: IDS.sigint, content: `Collector note: ${CANARY.interceptNote}`, object_refs: [IDS.plot], object_marking_refs: [MARKINGS.intercept.id] },
  { type: 'threat-actor', spec_version: '2.1', id: EXTRA_IDS.cellActor, created: T, modified: T, created_by_ref: IDS.liaison, name: CANARY.cableActor, object_marking_refs: [MARKINGS.cable.id] },
  { type: 'identity', spec_version: '2.1', id: EXTRA_IDS.informant, created: T, modified: T, name: CANARY.protectedSource, identity_class: 'individual', object_marking_refs: [MARKINGS.sourceProtected.id] },
  {
    // Releasable as a whole, but its description is intercept material and one of its
    // references is internal: both must be cut out.
    type: 'location', spec_version: '2.1', id: EXTRA_IDS.square, created: T, modified: T, created_by_ref: EXTRA_IDS.informant,
    name: 'Shrine square', country: 'SY', description: `Meeting point per ${CANARY.granular}`,
    external_references: [{ source_name: 'agency-case-file', url: `https://intranet.agency.example/${CANARY.internalUrl}` }, { source_name: 'map', url: 'https://maps.example/square' }],
    object_marking_refs: [MARKINGS.unclassified.id, MARKINGS.tlpClear.id],
    granular_markings: [{ marking_ref: MARKINGS.intercept.id, selectors: ['description'] }],
  },
  {
    // The threat as fusion writes it: a grouping under the most restrictive markings of its members.
    type: 'grouping', spec_version: '2.1', id: EXTRA_IDS.threat, created: T, modified: T, created_by_ref: IDS.agency,
    name: `Shrine plot ${CANARY.interceptNote}`, context: 'suspicious-activity',
    object_refs: [IDS.warning, IDS.intercept, IDS.cable, EXTRA_IDS.note, EXTRA_IDS.square],
    object_marking_refs: [MARKINGS.intercept.id, MARKINGS.cable.id],
  },
];

function threatRecord(): ThreatRecord {
  return {
    id: EXTRA_IDS.threat, status: 'active', mergedInto: null, name: 'Shrine plot', createdAt: T, updatedAt: T,
    reportCount: 3, summary: null, signature: null, nextCheckAt: null, stixVersion: T,
  };
}

interface Preview {
  bundle: { type: string; id: string; objects?: StixObject[] };
  withheld: { id: string; type: string; reasons: { code: string }[] }[];
  redacted: { id: string; selector: string }[];
  marking: { banner: string; tlp?: string };
  basis: { partner: string; partnerVersion: number; policyVersion: number | null; mode: string; objects: number };
}

describe('REST partners and tearline preview', () => {
  const clock = manualClock('2025-07-03T09:00:00.000Z');
  let store: Store;
  let app: FastifyInstance;
  let admin: SessionHeaders;
  let analyst: SessionHeaders;
  let uncleared: SessionHeaders;

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 4 * 1024 * 1024, version: 'test', auth: TEST_AUTH });
    admin = await signedInAs(app, store, clock, { roles: ['administrator'] });
    analyst = await signedInAs(app, store, clock, { roles: ['analyst'], clearance: 'TS' });
    uncleared = await signedInAs(app, store, clock, { roles: ['analyst'], clearance: 'U' });
    await store.write(async (tx) => {
      await tx.putObjects([...OBJECTS, ...EXTRA].map((o) => toObjectWrite(o)));
      await tx.threats.putThreat(threatRecord());
    });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const preview = (headers: SessionHeaders, payload: unknown) => app.inject({ method: 'POST', url: '/api/tearline/preview', headers, payload: payload as Record<string, unknown> });

  test('administrators put, read, list and remove partners; each change is a version', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/partners/syria-gss', headers: admin, payload: SYRIA_PROFILE });
    assert.equal(put.statusCode, 201, put.body);
    assert.equal((put.json() as { outcome: string }).outcome, 'created');
    const same = await app.inject({ method: 'PUT', url: '/api/partners/syria-gss', headers: admin, payload: SYRIA_PROFILE });
    assert.equal(same.statusCode, 200);
    assert.equal((same.json() as { outcome: string; partner: { version: number } }).partner.version, 1);

    const temp = { ...SYRIA_PROFILE, name: 'Temporary', identity_ref: 'identity--7d2b2a4e-2c1f-4f0e-9b1a-3c4d5e6f7a80', country: 'IRQ' };
    assert.equal((await app.inject({ method: 'PUT', url: '/api/partners/temp', headers: admin, payload: temp })).statusCode, 201);
    assert.equal((await app.inject({ method: 'PUT', url: '/api/partners/temp', headers: admin, payload: { ...temp, clearance: 'C' } })).statusCode, 200);
    const shown = await app.inject({ method: 'GET', url: '/api/partners/temp', headers: analyst });
    assert.equal(shown.statusCode, 200);
    const body = shown.json() as { version: number; profile: { clearance: string }; history: { version: number; actor: string }[] };
    assert.equal(body.version, 2);
    assert.equal(body.profile.clearance, 'C');
    assert.deepEqual(body.history.map((h) => h.version), [1, 2]);
    assert.match(body.history[0]?.actor ?? '', /^user:/);

    const list = await app.inject({ method: 'GET', url: '/api/partners', headers: analyst });
    assert.deepEqual((list.json() as { partners: { name: string }[] }).partners.map((p) => p.name), ['syria-gss', 'temp']);
    const removed = await app.inject({ method: 'DELETE', url: '/api/partners/temp', headers: admin });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal((await app.inject({ method: 'GET', url: '/api/partners/temp', headers: admin })).statusCode, 404);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/partners/temp', headers: admin })).statusCode, 404);
    assert.deepEqual(((await app.inject({ method: 'GET', url: '/api/partners', headers: admin })).json() as { partners: { name: string }[] }).partners.map((p) => p.name), ['syria-gss']);
    assert.equal((await store.partners.getPartnerVersion('temp', 1))?.version, 1, 'kept for the record');
    const audit = (await store.audit.list({ limit: 20 })).items.map((e) => e.action).filter((a) => a.startsWith('partner.')).reverse();
    assert.deepEqual(audit, ['partner.add', 'partner.add', 'partner.update', 'partner.remove']);
  });

  test('a bad profile is a 400 listing every {path, code, message}; a taken identity is a 409; a bad name a 400', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/api/partners/iraq', headers: admin, payload: { name: 'Iraq', country: 'Iraq', clearance: 'SECRET', communities: [] } });
    assert.equal(bad.statusCode, 400);
    const error = (bad.json() as { error: { code: string; details: { path: string; code: string; message: string }[] } }).error;
    assert.equal(error.code, 'invalid-profile');
    assert.deepEqual(error.details.map((d) => `${d.path}:${d.code}`).sort(), ['clearance:enum', 'country:format', 'identity_ref:required', 'organization:required']);
    const taken = await app.inject({ method: 'PUT', url: '/api/partners/syria-again', headers: admin, payload: SYRIA_PROFILE });
    assert.equal(taken.statusCode, 409);
    const name = await app.inject({ method: 'PUT', url: '/api/partners/Not%20A%20Handle', headers: admin, payload: SYRIA_PROFILE });
    assert.equal(name.statusCode, 400);
    assert.equal((name.json() as { error: { code: string } }).error.code, 'invalid-name');
  });

  test('only administrators change partners and the policy; analysts may preview, administrators may not', async () => {
    assert.equal((await app.inject({ method: 'PUT', url: '/api/partners/x', headers: analyst, payload: SYRIA_PROFILE })).statusCode, 403);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/partners/syria-gss', headers: analyst })).statusCode, 403);
    assert.equal((await app.inject({ method: 'PUT', url: '/api/tearline/policy', headers: analyst, payload: POLICY })).statusCode, 403);
    assert.equal((await preview(admin, { partner: 'syria-gss', objectIds: [IDS.warning] })).statusCode, 403);
    assert.equal((await app.inject({ method: 'POST', url: '/api/tearline/preview', payload: { partner: 'syria-gss', objectIds: [IDS.warning] } })).statusCode, 401);
  });

  test('the policy: the default until set, then the stored version', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/tearline/policy', headers: analyst });
    assert.deepEqual(none.json(), { version: null, policy: null });
    const badPolicy = await app.inject({ method: 'PUT', url: '/api/tearline/policy', headers: admin, payload: { mode: 'broadcast' } });
    assert.equal(badPolicy.statusCode, 400);
    const set = await app.inject({ method: 'PUT', url: '/api/tearline/policy', headers: admin, payload: POLICY });
    assert.deepEqual(set.json(), { version: 1, changed: true });
    const got = (await app.inject({ method: 'GET', url: '/api/tearline/policy', headers: analyst })).json() as { version: number; policy: { our_country: string } };
    assert.equal(got.version, 1);
    assert.equal(got.policy.our_country, 'USA');
  });

  test('preview for the Syrian partner: the shrine, the window and the method, nothing of the intercept', async () => {
    const before = await store.stats();
    const auditBefore = (await store.audit.list({ limit: 1000 })).items.length;
    const res = await preview(analyst, { partner: 'syria-gss', objectIds: [IDS.warning, IDS.intercept, EXTRA_IDS.note, EXTRA_IDS.cellActor, EXTRA_IDS.square] });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as Preview;
    assert.deepEqual(Object.keys(body).sort(), ['basis', 'bundle', 'marking', 'redacted', 'withheld']);
    assert.deepEqual(validateBundle(body.bundle).errors, []);
    const objects = body.bundle.objects ?? [];
    assert.ok(objects.some((o) => o['name'] === 'Sayyida Zaynab shrine'), 'the shrine');
    const plot = objects.find((o) => o.type === 'campaign');
    assert.equal(plot?.['first_seen'], '2025-07-03T00:00:00.000Z', 'the window');
    assert.equal(plot?.['last_seen'], '2025-07-06T23:59:59.000Z');
    assert.ok(objects.some((o) => o['name'] === 'Suicide attack with an explosive vest'), 'the method');
    const square = objects.find((o) => o['name'] === 'Shrine square');
    assert.ok(square, 'the releasable part of a partly marked object');
    assert.equal(square['description'], undefined);
    assert.equal(body.marking.banner, 'SECRET//REL TO USA, SYR');
    assert.deepEqual(body.basis, { partner: 'syria-gss', partnerVersion: 1, policyVersion: 1, mode: 'release', objects: body.basis.objects });
    const withheld = new Set(body.withheld.map((w) => w.id));
    for (const id of [IDS.intercept, IDS.channel, IDS.facilitator, IDS.sigint, EXTRA_IDS.note, EXTRA_IDS.cellActor, EXTRA_IDS.informant]) assert.ok(withheld.has(id), id);
    assert.ok(body.redacted.some((r) => r.id === EXTRA_IDS.square && r.selector === 'description'));
    const json = JSON.stringify(body.bundle);
    for (const secret of [...SECRETS.intercept, ...SECRETS.cable, ...SECRETS.internal]) assert.ok(!json.includes(secret), secret);
    for (const id of [IDS.intercept, IDS.channel, IDS.facilitator, IDS.cable, IDS.sigint]) assert.ok(!json.includes(id), id);

    // A preview stores nothing: no object, no version, no partner change, no audit entry
    // beyond the audited reading of protected material.
    assert.deepEqual(await store.stats(), before);
    const added = (await store.audit.list({ limit: 1000 })).items.slice(0, (await store.audit.list({ limit: 1000 })).items.length - auditBefore);
    assert.deepEqual(added.map((e) => e.action), ['objects.read']);
  });

  test('leak check: no canary from a withheld object or a redacted portion is in the response bytes', async () => {
    for (const payload of [
      { partner: 'syria-gss', objectIds: [IDS.warning, IDS.intercept, IDS.cable, EXTRA_IDS.note, EXTRA_IDS.cellActor, EXTRA_IDS.square, EXTRA_IDS.informant] },
      { partner: 'syria-gss', threatId: EXTRA_IDS.threat },
      { partner: 'syria-gss', threatId: EXTRA_IDS.threat, mode: 'disclosure' },
    ]) {
      const res = await preview(analyst, payload);
      assert.equal(res.statusCode, 200, res.body);
      const bytes = res.rawPayload;
      for (const canary of Object.values(CANARY)) assert.equal(bytes.indexOf(Buffer.from(canary)), -1, `${canary} in ${JSON.stringify(payload)}`);
      for (const secret of [...SECRETS.intercept, ...SECRETS.cable, ...SECRETS.internal]) assert.equal(bytes.indexOf(Buffer.from(secret)), -1, secret);
      // The canaries were in the package: the preview had them and left them out.
      const body = res.json() as Preview;
      assert.ok(body.withheld.some((w) => w.id === EXTRA_IDS.note), 'the intercept note was considered and withheld');
    }
  });

  test('a threat preview starts from the threat grouping and its members', async () => {
    const res = await preview(analyst, { partner: 'syria-gss', threatId: EXTRA_IDS.threat });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as Preview;
    const names = (body.bundle.objects ?? []).map((o) => o['name']);
    assert.ok(names.includes('Sayyida Zaynab shrine'));
    assert.ok(names.some((n) => typeof n === 'string' && n.startsWith('Threat warning')), 'the warning report');
    const grouping = body.withheld.find((w) => w.id === EXTRA_IDS.threat);
    assert.ok(grouping, 'the grouping itself carries the intercept marking: withheld');
    assert.equal((await preview(analyst, { partner: 'syria-gss', threatId: 'grouping--00000000-0000-4000-8000-000000000000' })).statusCode, 400);
  });

  test('a reader previews only what they may see; hidden roots answer as absent', async () => {
    const hidden = await preview(uncleared, { partner: 'syria-gss', objectIds: [IDS.warning] });
    assert.equal(hidden.statusCode, 400);
    assert.equal((hidden.json() as { error: { code: string } }).error.code, 'unknown-objects');
    const res = await preview(uncleared, { partner: 'syria-gss', objectIds: [IDS.newsReport] });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as Preview;
    assert.ok((body.bundle.objects ?? []).some((o) => o.type === 'report'));
    assert.ok(!res.body.includes('SECRET'), 'nothing classified reached an uncleared reader');
    assert.equal((await preview(uncleared, { partner: 'syria-gss', threatId: EXTRA_IDS.threat })).statusCode, 400);
  });

  test('bad preview requests are 400s', async () => {
    const cases: unknown[] = [
      [],
      { partner: 'syria-gss' },
      { partner: 'syria-gss', objectIds: [] },
      { partner: 'syria-gss', objectIds: [IDS.warning], mode: 'broadcast' },
      { partner: 'syria-gss', objectIds: [IDS.warning], extra: 1 },
      { partner: 'nobody', objectIds: [IDS.warning] },
      { partner: 'syria-gss', objectIds: ['report--00000000-0000-4000-8000-000000000000'] },
    ];
    for (const payload of cases) {
      const res = await preview(analyst, payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
    }
  });
});
