// The warning REST API (issue 7): cases listed and shown to those who may see their threat,
// commands applied as the signed-in user with the roles on their account, and every refusal
// a clear status with the workflow's code — 403 who may not (roles, self-approval,
// oversight), 409 what the case's state or history forbids, 422 what the command gets wrong.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/app/ports.ts';
import type { OversightReport } from '../../src/app/warning/oversight.ts';
import type { CaseDetail, CaseListItem } from '../../src/app/warning/caseView.ts';
import type { ReleasePreview } from '../../src/app/warning/releasePreview.ts';
import { COMMAND_TYPES, TRANSITIONS, WARNING_STATES, type WarningCase } from '../../src/domain/warning/index.ts';
import { reach } from '../../src/domain/warning/testFixtures.ts';
import { buildServer } from '../../src/http/server.ts';
import { TEST_AUTH, addUser, signIn, type SessionHeaders } from '../auth/support.ts';
import { addPeople, ingestFoundingReports, putPartner, tempDb, TestClock, type Person, onlyOpenCase } from './support.ts';

const SCREENING = {
  harmType: 'killing',
  victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian and foreign pilgrims', country: 'SYR' },
  credibility: { sourceReliability: 'B', informationCredibility: 2 },
  specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
  imminence: 'I1',
  window: { start: new Date(Date.now() + 48 * 3_600_000).toISOString(), end: new Date(Date.now() + 60 * 3_600_000).toISOString() },
};

describe('warning API', () => {
  const db = tempDb();
  let store: Store;
  let app: FastifyInstance;
  let caseId: string;
  const clock = new TestClock(Date.now());
  const sessions = new Map<string, SessionHeaders>();

  before(async () => {
    store = db.open();
    await ingestFoundingReports(store, new Date(clock.now()));
    caseId = (await onlyOpenCase(store)).caseId;
    await putPartner(store, clock.now());
    await addPeople(store, clock);
    await addUser(store, clock, { roles: ['duty_to_warn_officer'], clearance: 'TS' }, 'otto');
    await addUser(store, clock, { roles: ['analyst'], clearance: 'U' }, 'uma');
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    for (const name of ['ana', 'olga', 'lena', 'finn', 'dan', 'vera', 'otto', 'uma']) {
      sessions.set(name, await signIn(app, { username: name, password: `correct horse battery ${name}` }));
    }
  });
  after(async () => {
    await app.close();
    await store.close();
    db.cleanup();
  });

  const as = (name: Person | 'otto' | 'uma') => sessions.get(name) as SessionHeaders;
  const command = async (name: Person | 'otto' | 'uma', body: unknown, id = caseId) => {
    clock.advanceMinutes(1);
    return app.inject({ method: 'POST', url: `/api/warnings/${id}/commands`, headers: { ...as(name), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  };
  const refused = async (name: Person | 'otto' | 'uma', body: unknown, status: number, code: string): Promise<void> => {
    const res = await command(name, body);
    assert.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 60)}: ${res.body}`);
    const error = (res.json() as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code, res.body);
    assert.ok(error.message.length > 10, 'a sentence for people');
  };
  const ok = async (name: Person | 'otto' | 'uma', body: unknown, state: string): Promise<WarningCase> => {
    const res = await command(name, body);
    assert.equal(res.statusCode, 200, res.body);
    const c = (res.json() as { case: WarningCase }).case;
    assert.equal(c.state, state);
    return c;
  };

  test('lists and shows cases to those who may see the threat; not at all without signing in', async () => {
    const listed = await app.inject({ method: 'GET', url: '/api/warnings', headers: as('ana') });
    assert.equal(listed.statusCode, 200, listed.body);
    const cases = (listed.json() as { cases: CaseListItem[] }).cases;
    assert.deepEqual(cases.map((c) => [c.caseId, c.state]), [[caseId, 'reported']]);
    assert.equal(cases[0]?.nextDeadline?.stage, 'screen');
    const filtered = await app.inject({ method: 'GET', url: '/api/warnings?state=closed', headers: as('ana') });
    assert.deepEqual((filtered.json() as { cases: unknown[] }).cases, []);
    assert.equal((await app.inject({ method: 'GET', url: '/api/warnings?state=nope', headers: as('ana') })).statusCode, 400);
    // Uma is cleared for UNCLASSIFIED only: the threat fuses SECRET reports, so its case is hidden.
    assert.deepEqual((((await app.inject({ method: 'GET', url: '/api/warnings', headers: as('uma') })).json()) as { cases: unknown[] }).cases, []);
    assert.equal((await app.inject({ method: 'GET', url: `/api/warnings/${caseId}`, headers: as('uma') })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/api/warnings' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/api/warnings/warning--nope', headers: as('ana') })).statusCode, 404);
  });

  test('refuses forbidden transitions with 409 and malformed commands with 422, naming the code', async () => {
    await refused('olga', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: 'a'.repeat(64) }, 409, 'transition-not-allowed');
    await refused('ana', { type: 'establish_duty', basis: 'Credible and specific, act now.' }, 409, 'transition-not-allowed');
    await refused('olga', { type: 'close', outcome: 'foiled' }, 409, 'transition-not-allowed');
    await refused('ana', { type: 'launch_missiles' }, 422, 'unknown-command');
    await refused('ana', { type: 'screen', screening: { ...SCREENING, victim: undefined } }, 422, 'missing-field');
    await refused('dan', { type: 'screen', screening: SCREENING }, 403, 'role-not-permitted');
    // Oversight reads everything and may act on nothing.
    await refused('vera', { type: 'escalate', cause: 'dispute', reason: 'Oversight wants a second look.' }, 403, 'forbidden');
    const notObject = await app.inject({ method: 'POST', url: `/api/warnings/${caseId}/commands`, headers: { ...as('ana'), 'content-type': 'application/json' }, payload: '[1]' });
    assert.equal(notObject.statusCode, 422);
    const absent = await command('ana', { type: 'screen', screening: SCREENING }, 'warning--nope');
    assert.equal(absent.statusCode, 404);
    assert.equal((await store.warnings.getCase(caseId))?.version, 1, 'no refusal changed the case');

    await ok('ana', { type: 'screen', screening: SCREENING }, 'screening');
    await ok('ana', { type: 'establish_duty', basis: 'Credible, specific plot against the shrine within 72 hours.' }, 'duty_established');
    await refused('ana', { type: 'propose_waiver', reasons: [{ reason: 'no_reasonable_way_to_warn', justification: 'No channel to the shrine guard is known to us.' }], reReviewAt: new Date(Date.parse(clock.now()) + 86_400_000).toISOString() }, 409, 'reason-5-needs-two-failed-channels');
    await refused('ana', { type: 'propose_waiver', reasons: [{ reason: 'victim_already_aware', justification: 'short' }], reReviewAt: new Date(Date.parse(clock.now()) + 86_400_000).toISOString() }, 422, 'justification-too-short');
    await refused('ana', { type: 'propose_waiver', reasons: [{ reason: 'victim_already_aware', justification: 'The partner briefed the shrine guard yesterday.' }] }, 422, 're-review-date-missing');
    // Olga, a duty-to-warn officer, proposes the waiver herself...
    await ok('olga', { type: 'propose_waiver', reasons: [{ reason: 'endangers_sources_or_operations', justification: 'A warning could reveal the intercept of the handset.' }], reReviewAt: new Date(Date.parse(clock.now()) + 7 * 86_400_000).toISOString() }, 'waiver_review');
    // ...so she cannot approve it, although she holds the role (DOMAIN.md §1 "two different people").
    await refused('olga', { type: 'approve_waiver', as: 'duty_to_warn_officer' }, 403, 'self-approval');
    await refused('ana', { type: 'approve_waiver', as: 'duty_to_warn_officer' }, 403, 'role-not-permitted');
  });

  test('hides waiver justifications from readers without waivers.read', async () => {
    const forAnalyst = (await app.inject({ method: 'GET', url: `/api/warnings/${caseId}`, headers: as('ana') })).json() as CaseDetail;
    assert.equal(forAnalyst.waiversVisible, false);
    assert.doesNotMatch(JSON.stringify(forAnalyst), /intercept of the handset/);
    assert.equal(forAnalyst.case.waivers[0]?.reasons[0]?.reason, 'endangers_sources_or_operations', 'that a waiver exists is not hidden');
    const forOversight = (await app.inject({ method: 'GET', url: `/api/warnings/${caseId}`, headers: as('vera') })).json() as CaseDetail;
    assert.equal(forOversight.case.waivers[0]?.reasons[0]?.justification, 'A warning could reveal the intercept of the handset.');
  });

  test('release preview, drafting, self-approval refused, approval by two others, delivery requested', async () => {
    await ok('lena', { type: 'reject_waiver', reason: 'The news report supports a tearline; no source is exposed.' }, 'warning_prep');
    const preview = await app.inject({ method: 'POST', url: `/api/warnings/${caseId}/release-preview`, headers: { ...as('ana'), 'content-type': 'application/json' }, payload: { partnerName: 'syria-gss' } });
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json() as ReleasePreview;
    assert.equal(p.releasable, true);
    assert.equal(p.banner, 'UNCLASSIFIED');
    assert.ok(p.withheld.some((w) => w.reasons.some((r) => r.code === 'noforn')), 'the intercept is withheld, and why');
    assert.deepEqual(p.checks.map((c) => [c.rule, c.ok]), [['clearance', true], ['noforn', true], ['rel-to', true], ['source-protected', true], ['display-only', true]]);
    const unknownPartner = await app.inject({ method: 'POST', url: `/api/warnings/${caseId}/release-preview`, headers: { ...as('ana'), 'content-type': 'application/json' }, payload: { partnerName: 'nobody' } });
    assert.equal(unknownPartner.statusCode, 404);
    assert.equal((unknownPartner.json() as { error: { code: string } }).error.code, 'partner-not-found');
    assert.equal((await store.warnings.productsOf(caseId)).length, 0, 'a preview stores nothing');

    // The drafter's prose goes out as written: naming the withheld intercept's handset is refused.
    clock.advanceMinutes(1);
    const leaky = await app.inject({
      method: 'POST', url: `/api/warnings/${caseId}/draft`, headers: { ...as('olga'), 'content-type': 'application/json' },
      payload: { partnerName: 'syria-gss', warningText: 'A car bomb is planned against the Sayyida Zaynab shrine; the caller used +963 944 000 123.' },
    });
    assert.equal(leaky.statusCode, 409, leaky.body);
    const leakError = (leaky.json() as { error: { code: string; message: string } }).error;
    assert.equal(leakError.code, 'warning-text-names-withheld');
    assert.match(leakError.message, /"\+963944000123"/);
    assert.doesNotMatch(leakError.message, /shrine/, 'the target may be named');
    assert.equal((await store.warnings.productsOf(caseId)).length, 0, 'a refused draft stores nothing');

    // Olga (duty-to-warn officer) drafts this version herself...
    clock.advanceMinutes(1);
    const draft = await app.inject({
      method: 'POST', url: `/api/warnings/${caseId}/draft`, headers: { ...as('olga'), 'content-type': 'application/json' },
      payload: { partnerName: 'syria-gss', warningText: 'A vehicle bomb attack is planned against the Sayyida Zaynab shrine within 72 hours.' },
    });
    assert.equal(draft.statusCode, 200, draft.body);
    const hash = (draft.json() as { product: { sha256: string } }).product.sha256;
    await ok('olga', { type: 'submit_for_release' }, 'release_review');
    // ...so she may not approve it: the drafter never approves (DOMAIN.md §1).
    await refused('olga', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }, 403, 'self-approval');
    await refused('otto', { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }, 403, 'role-not-permitted');
    await refused('otto', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: 'b'.repeat(64) }, 409, 'stale-product-hash');
    await ok('otto', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }, 'release_review');
    await refused('otto', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }, 409, 'role-already-approved');
    await ok('finn', { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }, 'delivery');
    const requested = (await store.deliveries.list({ limit: 10, caseId })).items;
    assert.deepEqual(requested.map((d) => [d.channel, d.productSha256, d.state]), [['taxii', hash, 'pending']]);
    await refused('dan', { type: 'record_acknowledgement', acknowledgedBy: 'Duty officer', channel: 'taxii' }, 409, 'transition-not-allowed');
    await refused('dan', { type: 'record_delivery', channel: 'taxii', kind: 'disclosure', recipient: { name: 'Duty desk' }, productHash: hash }, 422, 'kind-channel-mismatch');

    const shown = (await app.inject({ method: 'GET', url: `/api/warnings/${caseId}`, headers: as('vera') })).json() as CaseDetail;
    assert.deepEqual(shown.approvals.filter((a) => a.kind === 'release').map((a) => [a.by, a.role]), [['otto', 'duty_to_warn_officer'], ['finn', 'foreign_disclosure_officer']]);
    assert.equal(shown.products[0]?.sha256, hash);
    assert.equal(shown.deliveries.length, 1);
    assert.ok(shown.deadlines.some((d) => d.stage === 'deliver'));
  });

  test('oversight report over HTTP: for waivers.read holders, with a period', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/oversight', headers: as('vera') });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json() as OversightReport;
    assert.equal(report.cases.total, 1);
    assert.equal(report.waivers.byReason.endangers_sources_or_operations?.rejected, 1);
    assert.equal(report.cases.byDecision.warn, 1);
    assert.ok((report.timeToWarn.reportToTrigger.medianMs ?? 0) > 0);
    const empty = (await app.inject({ method: 'GET', url: '/api/oversight?from=2001-01-01&to=2001-02-01', headers: as('vera') })).json() as OversightReport;
    assert.equal(empty.cases.total, 0);
    assert.equal((await app.inject({ method: 'GET', url: '/api/oversight?from=yesterday', headers: as('vera') })).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: '/api/oversight', headers: as('ana') })).statusCode, 403);
  });
});

// Every command from every state that the transition table (DOMAIN.md §1) does not list for
// it, through the API: 409 with the code, and the case unchanged.
describe('warning API: every forbidden transition', () => {
  const db = tempDb();
  let store: Store;
  let app: FastifyInstance;
  let session: SessionHeaders;
  const clock = new TestClock(Date.now());

  before(async () => {
    store = db.open();
    for (const state of WARNING_STATES) {
      const played = reach(state);
      const id = `case-${state}`;
      const c = { ...played.case, id };
      await store.write((tx) => tx.warnings.createCase(c, played.events.map((e) => ({ ...e, caseId: id })), null));
    }
    const everyRole = ['analyst', 'duty_to_warn_officer', 'legal_counsel', 'foreign_disclosure_officer', 'originator', 'delivery_officer'] as const;
    await addUser(store, clock, { roles: [...everyRole], clearance: 'TS' }, 'omni');
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    session = await signIn(app, { username: 'omni', password: 'correct horse battery omni' });
  });
  after(async () => {
    await app.close();
    await store.close();
    db.cleanup();
  });

  test('409 transition-not-allowed (or case-escalated while escalated) for each one', async () => {
    let checked = 0;
    for (const state of WARNING_STATES) {
      for (const type of COMMAND_TYPES) {
        const allowed = TRANSITIONS[type].from.includes(state) && !(state === 'escalated' && type !== 'escalate' && type !== 'resolve_escalation');
        if (allowed) continue;
        const res = await app.inject({ method: 'POST', url: `/api/warnings/case-${state}/commands`, headers: { ...session, 'content-type': 'application/json' }, payload: { type } });
        assert.equal(res.statusCode, 409, `${type} in ${state}: ${res.body}`);
        const code = (res.json() as { error: { code: string } }).error.code;
        assert.equal(code, state === 'escalated' ? 'case-escalated' : 'transition-not-allowed', `${type} in ${state}`);
        checked += 1;
      }
    }
    assert.ok(checked > 150, `${checked} forbidden transitions checked`);
    for (const state of WARNING_STATES) assert.equal((await store.warnings.getCase(`case-${state}`))?.version, 1, `case-${state} unchanged`);
  });
});
