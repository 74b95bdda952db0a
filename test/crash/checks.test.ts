// The crash checks bite: on a database brought to a released, delivered warning in-process
// (the same use cases the server runs, the real loopback receivers), every check passes; then
// each kind of fault the campaign hunts — a lost acknowledged approval, a product whose bytes
// do not match its hash, a second copy after the row was recorded sent, a TAXII status that
// is not stored, an audit chain cut at its end — is reported by the check that owns it.
import { test } from 'node:test';
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { DEFAULT_DELIVERY_SETTINGS } from '../../src/app/delivery/settings.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { smtpMailer } from '../../src/delivery/smtp.ts';
import { fetchWebhookClient } from '../../src/delivery/webhook.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { newCampaignState } from './campaign.ts';
import { sentObject } from './ledger.ts';
import { DEFAULT_CHECKS } from './checks/index.ts';
import type { CampaignState, Violation } from './plugins.ts';
import { Tally } from './plugins.ts';
import { startReceivers } from './receivers.ts';
import { MAIL_FROM, PARTNER, WEBHOOK_SECRET, bringToReleaseReview, openCases, prepareWorld } from './world.ts';

const clock = { now: () => new Date().toISOString() };

async function runChecks(state: CampaignState, restart: number): Promise<Violation[]> {
  const store = openSqliteStore({ path: state.db, readonly: true });
  try {
    const found: Violation[] = [];
    for (const check of DEFAULT_CHECKS) found.push(...(await check.run({ state, store, restart })));
    return found;
  } finally {
    await store.close();
  }
}

test('the crash checks pass on a sound released warning and report each planted fault', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-crash-checks-'));
  const db = join(dir, 'tearline.db');
  let life = 1;
  const receivers = await startReceivers({ life: () => life, webhookSecret: WEBHOOK_SECRET, refusalsFor: () => 0 });
  try {
    const world = await prepareWorld(db, receivers);
    const state = newCampaignState({ db, workDir: dir, seed: 1, maxObjects: 10, world, receivers, life: () => life, tally: new Tally(), log: () => undefined }, () => undefined);
    const { caseIds, objects } = await openCases(db, state.rng, 0, 1);
    const caseId = caseIds[0] as string;
    const setup = state.ledger.record('setup', objects.map((o) => sentObject(o)), 'atomic', false);
    setup.acknowledged = true;
    const record = state.releases.add(caseId, ['taxii', 'webhook', 'email'], 'finn');
    const hash = await bringToReleaseReview(db, caseId, record.channels);
    record.productSha256 = hash;
    for (const command of ['screen', 'establish_duty', 'draft_warning', 'submit_for_release']) record.steps.push({ command, by: 'ana', acknowledged: true, unanswered: false });

    // Both approvals (the last requests the deliveries), a TAXII post, one dispatch pass.
    const store = openSqliteStore({ path: db });
    try {
      for (const [who, role] of [['finn', 'foreign_disclosure_officer'], ['olga', 'duty_to_warn_officer']] as const) {
        const result = await runWarningCommand(store, caseId, { type: 'approve_release', as: role, productHash: hash }, { kind: 'user', userId: who, roles: [role] }, clock.now());
        assert.ok(result.ok, JSON.stringify(result));
        record.steps.push({ command: 'approve_release', by: who, role, productSha256: hash, acknowledged: true, unanswered: false });
      }
      record.released = true;
      const report = await dispatchDue({
        store, clock, settings: DEFAULT_DELIVERY_SETTINGS, webhook: fetchWebhookClient(), mailer: smtpMailer({ url: receivers.smtpUrl, timeoutMs: 10_000 }),
        mailFrom: MAIL_FROM, webhookSecrets: (partner) => (partner === PARTNER ? [WEBHOOK_SECRET] : []), ingest: ingestObjects, ackLinks: null, recorder: 'dan',
      });
      assert.equal(report.sent.length, 3, JSON.stringify(report));
    } finally {
      await store.close();
    }
    assert.deepEqual(await runChecks(state, 1), []);
    assert.equal(state.audit.verified, 1);
    assert.equal(state.tally.get('releases checked'), 1);
    assert.equal(state.tally.get('deliveries sent'), 3);
    assert.equal(receivers.receptions.length, 2, 'one webhook copy and one email');

    // A second webhook copy after the check saw the row sent: sent twice.
    life = 2;
    receivers.receptions.push({ ...(receivers.receptions.find((r) => r.channel === 'webhook') as (typeof receivers.receptions)[number]), life, at: Date.now() + 1 });
    // An approval acknowledged that the case does not hold; a status a 202 carried that is not stored.
    record.steps.push({ command: 'approve_release', by: 'olga', role: 'originator', productSha256: hash, acknowledged: true, unanswered: false });
    state.taxii.record('envelope', setup, null).statuses.push({ id: '00000000-0000-4000-8000-000000000000', totalCount: 1, successCount: 1, failureCount: 0 });
    // A head the chain no longer holds (as if entries were cut from its end).
    state.audit.head = { seq: (state.audit.head?.seq ?? 0) + 1000, hash: 'f'.repeat(64) };
    const found = await runChecks(state, 2);
    const kinds = (check: string) => found.filter((v) => v.check === check).map((v) => v.kind);
    assert.deepEqual(kinds('deliveries'), ['sent-twice']);
    assert.ok(kinds('releases').includes('lost'), JSON.stringify(found));
    assert.ok(kinds('taxii').includes('lost'), JSON.stringify(found));
    assert.ok(kinds('audit').filter((k) => k === 'audit').length >= 2, JSON.stringify(found));
    assert.match(found.find((v) => v.check === 'audit' && /does not verify/.test(v.message))?.message ?? '', /anchor-mismatch/);

    // A product whose bytes no longer match its hash (written behind the store's back).
    const raw = new Database(db);
    try {
      raw.exec('DROP TRIGGER warning_products_no_update');
      raw.prepare("UPDATE warning_products SET bundle_json = replace(bundle_json, 'Plot', 'Plan')").run();
    } finally {
      raw.close();
    }
    const tampered = await runChecks(state, 3);
    assert.ok(tampered.some((v) => v.check === 'releases' && v.kind === 'half-stored' && /do not hash/.test(v.message)), JSON.stringify(tampered));
  } finally {
    await receivers.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
