// tearline partner add|list|show|remove and policy set|show, in-process against a throwaway
// database: versions kept, soft removal, validation errors listed with paths, usage errors
// before anything is opened, every change in the audit log under `cli:<os user>`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { runTearline, tempDir } from '../support/cli.ts';

const EXAMPLE = new URL('../../examples/partners/syria-gss.json', import.meta.url).pathname;
const POLICY = new URL('../../examples/partners/release-policy.json', import.meta.url).pathname;
const OS_USER = userInfo().username;

describe('tearline partner', () => {
  const dir = tempDir();
  after(() => dir.cleanup());
  const db = ['--db', dir.db];
  const file = (name: string, value: unknown): string => {
    const path = join(dir.path, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };

  test('add names the partner after its file; the same profile again is unchanged; a change is a new version', async () => {
    const added = await runTearline(['partner', 'add', EXAMPLE, ...db]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^created syria-gss v1 "Syrian General Security Service, liaison desk" \(SYR, clearance S\)/);
    const again = await runTearline(['partner', 'add', EXAMPLE, ...db]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^unchanged syria-gss v1/);

    const profile = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const changed = file('changed.json', { ...profile, clearance: 'C' });
    const updated = await runTearline(['partner', 'add', changed, '--name', 'syria-gss', ...db]);
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /^updated syria-gss v2 .*clearance C/);

    const shown = await runTearline(['partner', 'show', 'syria-gss', '--json', ...db]);
    const json = JSON.parse(shown.stdout) as { version: number; profile: { clearance: string }; history: { version: number; actor: string }[] };
    assert.equal(json.version, 2);
    assert.equal(json.profile.clearance, 'C');
    assert.deepEqual(json.history.map((h) => [h.version, h.actor]), [[1, `cli:${OS_USER}`], [2, `cli:${OS_USER}`]]);
    const old = JSON.parse((await runTearline(['partner', 'show', 'syria-gss', '--version', '1', '--json', ...db])).stdout) as { version: number; profile: { clearance: string } };
    assert.equal(old.version, 1);
    assert.equal(old.profile.clearance, 'S', 'the old version is kept');
    const text = await runTearline(['partner', 'show', 'syria-gss', ...db]);
    assert.match(text.stdout, /^syria-gss v2 "Syrian General Security Service, liaison desk" identity--5f1c7c2e/);
    assert.match(text.stdout, /"clearance": "C"/);
  });

  test('a bad profile exits 1 with every {path, code, message}; nothing is stored', async () => {
    const bad = file('iraq.json', { name: 'x', identity_ref: 'identity--nope', country: 'Iraq', clearance: 'SECRET', communities: [], consent: [] });
    const res = await runTearline(['partner', 'add', bad, ...db]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /invalid-profile/);
    const errors = JSON.parse(res.stderr.slice(res.stderr.indexOf('['))) as { path: string; code: string; message: string }[];
    assert.deepEqual(errors.map((e) => `${e.path}:${e.code}`).sort(), ['clearance:enum', 'consent:unknown-key', 'country:format', 'identity_ref:format', 'organization:required']);
    assert.ok(errors.every((e) => e.message.length > 0));
    assert.equal((await runTearline(['partner', 'show', 'iraq', ...db])).code, 1);
    const notJson = await runTearline(['partner', 'add', file('broken.json', '{ nope'), ...db]);
    assert.equal(notJson.code, 1);
    assert.match(notJson.stderr, /not valid JSON/);
    const missing = await runTearline(['partner', 'add', join(dir.path, 'absent.json'), ...db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read/);
  });

  test('another partner with the same identity is refused', async () => {
    const res = await runTearline(['partner', 'add', EXAMPLE, '--name', 'syria-copy', ...db]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /identity-taken: partner syria-gss already has identity/);
  });

  test('list shows active partners; remove keeps the record, hides it and frees nothing to release', async () => {
    const profile = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const iraq = file('iraq-inis.json', { ...profile, name: 'Iraqi National Intelligence Service', identity_ref: 'identity--7d2b2a4e-2c1f-4f0e-9b1a-3c4d5e6f7a80', country: 'IRQ', consents: [] });
    assert.equal((await runTearline(['partner', 'add', iraq, ...db])).code, 0);
    const list = await runTearline(['partner', 'list', ...db]);
    assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split(' ')[0]), ['iraq-inis', 'syria-gss']);
    const listed = JSON.parse((await runTearline(['partner', 'list', '--json', ...db])).stdout) as { name: string; profile: { country: string } }[];
    assert.deepEqual(listed.map((p) => [p.name, p.profile.country]), [['iraq-inis', 'IRQ'], ['syria-gss', 'SYR']]);

    const removed = await runTearline(['partner', 'remove', 'iraq-inis', ...db]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /^removed iraq-inis/);
    assert.equal((await runTearline(['partner', 'remove', 'iraq-inis', ...db])).code, 1, 'already removed');
    assert.deepEqual((await runTearline(['partner', 'list', ...db])).stdout.trim().split('\n').map((l) => l.split(' ')[0]), ['syria-gss']);
    const all = await runTearline(['partner', 'list', '--all', ...db]);
    assert.match(all.stdout, /^iraq-inis v1 .*\[removed /m);
    const shown = await runTearline(['partner', 'show', 'iraq-inis', '--json', ...db]);
    assert.equal(shown.code, 0, 'a removed partner stays on record');
    assert.ok((JSON.parse(shown.stdout) as { removedAt: string | null }).removedAt !== null);

    const store = openSqliteStore({ path: dir.db });
    try {
      assert.equal(await store.partners.getPartner('iraq-inis'), null, 'not releasable');
      const actions = (await store.audit.list({ actor: `cli:${OS_USER}`, limit: 100 })).items.map((e) => `${e.action} ${e.subject}`).reverse();
      assert.deepEqual(actions, ['partner.add partner:syria-gss', 'partner.update partner:syria-gss', 'partner.add partner:iraq-inis', 'partner.remove partner:iraq-inis']);
      const update = (await store.audit.list({ action: 'partner.update', limit: 1 })).items[0];
      assert.ok(update?.before?.startsWith('sha256:') && update.after?.startsWith('sha256:') && update.before !== update.after);
      assert.equal(update?.partner, 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01');
    } finally {
      await store.close();
    }
  });

  test('policy set validates and versions the release policy; show prints it or says the default applies', async () => {
    const fresh = tempDir();
    try {
      const none = await runTearline(['partner', 'policy', 'show', '--db', fresh.db]);
      assert.equal(none.code, 0);
      assert.match(none.stdout, /no release policy set: the default applies/);
      const bad = await runTearline(['partner', 'policy', 'set', file('bad-policy.json', { our_country: 'America', mode: 'broadcast' }), '--db', fresh.db]);
      assert.equal(bad.code, 1);
      const errors = JSON.parse(bad.stderr.slice(bad.stderr.indexOf('['))) as { path: string; code: string }[];
      assert.deepEqual(errors.map((e) => `${e.path}:${e.code}`).sort(), ['mode:enum', 'our_country:format', 'our_identity_ref:required']);
      const set = await runTearline(['partner', 'policy', 'set', POLICY, '--db', fresh.db]);
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stdout, /release policy set: version 1/);
      assert.match((await runTearline(['partner', 'policy', 'set', POLICY, '--db', fresh.db])).stdout, /unchanged: version 1/);
      const shown = JSON.parse((await runTearline(['partner', 'policy', 'show', '--json', '--db', fresh.db])).stdout) as { version: number; policy: { our_country: string } };
      assert.equal(shown.version, 1);
      assert.equal(shown.policy.our_country, 'USA');
    } finally {
      fresh.cleanup();
    }
  });

  test('usage errors exit 2 and open no database', async () => {
    const fresh = tempDir();
    try {
      const cases: string[][] = [
        ['partner'],
        ['partner', 'frob'],
        ['partner', 'add'],
        ['partner', 'show'],
        ['partner', 'remove', 'a', 'b'],
        ['partner', 'list', 'extra'],
        ['partner', 'show', 'Not A Handle'],
        ['partner', 'add', EXAMPLE, '--name', 'Bad Name'],
        ['partner', 'list', '--version', '2'],
        ['partner', 'add', EXAMPLE, '--bogus'],
        ['partner', 'policy'],
        ['partner', 'policy', 'show', 'x'],
      ];
      for (const argv of cases) {
        const res = await runTearline([...argv, '--db', fresh.db]);
        assert.equal(res.code, 2, `${argv.join(' ')}: ${res.stderr}`);
        assert.match(res.stderr, /usage: tearline partner add/);
      }
      assert.ok(!existsSync(fresh.db), 'no database was created');
    } finally {
      fresh.cleanup();
    }
  });
});
