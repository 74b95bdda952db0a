import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tearlineCommand } from './tearline.ts';
import type { CliIo } from '../io.ts';
import { IDS, OBJECTS, SECRETS } from '../../app/tearline/fixtures/founding-scenario.ts';

let dir = '';

function io(env: Record<string, string> = {}): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr, isTty: false, env, cwd: dir }, out: () => o, err: () => e };
}

const policy = {
  our_country: 'USA',
  our_identity_ref: IDS.agency,
  our_identity_name: 'Tearline Demo Agency',
  communities: ['levant-ct-liaison'],
  internal_references: { url_prefixes: ['https://intranet.agency.example/'], source_names: ['agency-case-file'] },
};

describe('tearline tearline (CLI)', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tearline-cli-'));
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ type: 'bundle', id: 'bundle--6ba7b810-9dad-41d1-80b4-00c04fd430c8', objects: [...OBJECTS, { type: 'indicator', id: 'nonsense' }] }));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    writeFileSync(join(dir, 'bad-partner.json'), JSON.stringify({ name: 'x', country: 'Syria' }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the tearline of the founding scenario for the example partner', async () => {
    const partner = new URL('../../../examples/partners/syria-gss.json', import.meta.url).pathname;
    const t = io({ TEARLINE_RELEASE_SECRET: 's' });
    const code = await tearlineCommand(['--partner', partner, '--policy', 'policy.json', '--release-id', 'r1', '--released-at', '2025-07-03T09:00:00.000Z', 'input.json'], t.io);
    assert.equal(code, 0, t.err());
    const result = JSON.parse(t.out()) as { bundle: { objects: { name?: string }[] }; withheld: { id: string; reasons: { code: string }[] }[]; redacted: unknown[]; marking: { banner: string } };
    assert.deepEqual(Object.keys(result), ['bundle', 'withheld', 'redacted', 'marking']);
    assert.equal(result.marking.banner, 'SECRET//REL TO USA, SYR');
    assert.ok(result.bundle.objects.some((o) => o.name === 'Sayyida Zaynab shrine'));
    for (const secret of SECRETS.intercept) assert.ok(!JSON.stringify(result.bundle).includes(secret), secret);
    assert.ok(result.withheld.some((w) => w.id === 'nonsense' && w.reasons[0]?.code === 'malformed'));
    // Deterministic for a release id, secret and time.
    const again = io({ TEARLINE_RELEASE_SECRET: 's' });
    await tearlineCommand(['--partner', partner, '--policy', 'policy.json', '--release-id', 'r1', '--released-at', '2025-07-03T09:00:00.000Z', 'input.json'], again.io);
    assert.equal(again.out(), t.out());
  });

  test('usage errors exit 2', async () => {
    for (const args of [[], ['input.json'], ['--partner'], ['--partner', 'p.json'], ['--partner', 'p.json', '--frobnicate', 'x', 'input.json'], ['--partner', 'p.json', '--released-at', 'yesterday', 'input.json']]) {
      const t = io();
      assert.equal(await tearlineCommand(args, t.io), 2, args.join(' '));
      assert.match(t.err(), /usage|released-at/);
    }
    const help = io();
    assert.equal(await tearlineCommand(['--help'], help.io), 0);
    assert.match(help.out(), /usage: tearline tearline/);
  });

  test('rejected input exits 1 with the reasons', async () => {
    const badPartner = io();
    assert.equal(await tearlineCommand(['--partner', 'bad-partner.json', 'input.json'], badPartner.io), 1);
    assert.match(badPartner.err(), /invalid partner profile/);
    assert.match(badPartner.err(), /"path": "country"/);
    const badJson = io();
    assert.equal(await tearlineCommand(['--partner', 'bad.json', 'input.json'], badJson.io), 1);
    assert.match(badJson.err(), /not valid JSON/);
    const missing = io();
    const partner = new URL('../../../examples/partners/syria-gss.json', import.meta.url).pathname;
    assert.equal(await tearlineCommand(['--partner', partner, 'no-such-file.json'], missing.io), 1);
    assert.match(missing.err(), /cannot read/);
    const badPolicy = io();
    assert.equal(await tearlineCommand(['--partner', partner, '--policy', 'bad-partner.json', 'input.json'], badPolicy.io), 1);
    assert.match(badPolicy.err(), /invalid release policy/);
  });

  test('without a policy every partner is foreign: NOFORN never leaves', async () => {
    const home = join(dir, 'home.json');
    const example = JSON.parse(readFileSync(new URL('../../../examples/partners/syria-gss.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    writeFileSync(home, JSON.stringify({ ...example, country: 'USA', clearance: 'TS' }));
    const t = io();
    assert.equal(await tearlineCommand(['--partner', home, 'input.json'], t.io), 0, t.err());
    const result = JSON.parse(t.out()) as { withheld: { id: string; reasons: { code: string }[] }[] };
    assert.ok(result.withheld.find((w) => w.id === IDS.intercept)?.reasons.some((r) => r.code === 'noforn'));
  });
});
