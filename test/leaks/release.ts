// Driving a release end to end over HTTP, as people and partners do. Once per package, a
// "golden" database: users with API tokens, the partners' TAXII accounts, the release policy
// and partner profiles (REST), the demo reports ingested in arrival order (the first one opens
// the warning case), the package material ingested and pinned to the threat, the case
// screened (ORCON) and the duty established. Then, for each partner, a copy of that database
// under its own server: the release previewed by the duty-to-warn officer, drafted by the
// analyst, submitted, refused to its drafter, approved by three other people (duty-to-warn
// officer, foreign-disclosure officer, originator: the two-person rule plus ORCON), and
// delivered by the dispatcher on TAXII, webhook and email. One case can warn one recipient,
// hence one copy per partner.
import assert from 'node:assert/strict';
import { createApiToken } from '../../src/app/auth/apiTokens.ts';
import { createUser } from '../../src/app/auth/createUser.ts';
import { addAccount } from '../../src/app/taxii/manageAccounts.ts';
import { permissionsOf } from '../../src/domain/people/permissions.ts';
import type { Role } from '../../src/domain/warning/roles.ts';
import { systemClock } from '../../src/main.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { copyDatabase, startLeakServer, tempDir, type HttpAnswer, type LeakServer, type TempDir } from './server.ts';
import { CANARY_PATTERN } from './oracle.ts';
import { screeningFor, type LeakPackage, type PartnerSpec } from './scenarios.ts';

const CHEAP = { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 64 } as const;
export const TAXII_PASSWORD = 'partner passphrase for the leak suite';

/** Who does what: the drafter never approves; three others clear an ORCON release. */
const PEOPLE: Readonly<Record<string, readonly Role[]>> = {
  ana: ['analyst'],
  olga: ['duty_to_warn_officer'],
  finn: ['foreign_disclosure_officer'],
  orla: ['originator'],
  dan: ['delivery_officer'],
  root: ['administrator'],
};

export interface Golden {
  readonly dir: TempDir;
  readonly caseId: string;
  readonly threatId: string;
  /** Bearer header per person. */
  readonly auth: Readonly<Record<string, string>>;
  /** The package as stored: the latest version of every object ingested. */
  readonly stored: readonly StixObject[];
  /** The canaries it holds. */
  readonly storedCanaries: ReadonlySet<string>;
}

function ok(answer: HttpAnswer, what: string, status = 200): HttpAnswer {
  assert.equal(answer.status, status, `${what}: ${answer.status} ${answer.text().slice(0, 500)}`);
  return answer;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function buildGolden(pkg: LeakPackage, now: Date): Promise<Golden> {
  const dir = tempDir('tearline-leaks-golden-');
  const server = await startLeakServer(dir.db);
  try {
    const store = server.store;
    const auth: Record<string, string> = {};
    for (const [username, roles] of Object.entries(PEOPLE)) {
      const created = await createUser({ username, roles: [...roles], clearance: 'TS', compartments: ['FOUO'], password: `correct horse battery ${username}` }, 'system:leak-test', { store, clock: systemClock, passwordParams: CHEAP });
      assert.ok(created.ok, JSON.stringify(created));
      const token = await createApiToken({ username, name: 'leak suite', scopes: [...permissionsOf(roles)] }, 'system:leak-test', { store, clock: systemClock, passwordParams: CHEAP });
      assert.ok(token.ok, JSON.stringify(token));
      auth[username] = `Bearer ${token.value.token}`;
    }
    // The partners' own TAXII accounts: delivery grants each its collections (taxiiChannel.ts).
    for (const partner of pkg.partners) {
      const account = await addAccount({ name: partner.handle, password: TAXII_PASSWORD }, { store, clock: systemClock, actor: 'cli:leak-test', scrypt: CHEAP });
      assert.ok(account.ok, JSON.stringify(account));
    }
    ok(await server.request('PUT', '/api/tearline/policy', { auth: auth.root, body: pkg.policy }), 'policy');
    for (const partner of pkg.partners) {
      const put = await server.request('PUT', `/api/partners/${partner.handle}`, { auth: auth.root, body: partner.profile });
      assert.ok(put.status === 200 || put.status === 201, `partner ${partner.handle}: ${put.status} ${put.text()}`);
    }
    const ingest = async (objects: readonly StixObject[], what: string): Promise<void> => {
      const bundle = { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects };
      const answer = await server.request('POST', '/api/ingest', { auth: auth.ana, body: bundle });
      ok(answer, `ingest ${what}`);
    };
    for (const report of pkg.reports) await ingest(report.objects, report.name);
    const cases = ok(await server.request('GET', '/api/warnings', { auth: auth.olga }), 'cases').json<{ cases: { caseId: string; threatId: string | null }[] }>().cases;
    assert.equal(cases.length, 1, 'the demo reports raise one threat and the intake opens its case');
    const { caseId, threatId } = cases[0] as (typeof cases)[number];
    assert.ok(threatId !== null, 'the case was raised by a threat');
    await ingest(pkg.extra, 'package material');
    ok(await server.request('POST', `/api/threats/${threatId}/pin`, { auth: auth.ana, body: { reportId: pkg.carrierId, note: 'the material this warning draws on' } }), 'pin');
    const command = async (who: string, body: Record<string, unknown>): Promise<void> => {
      ok(await server.request('POST', `/api/warnings/${caseId}/commands`, { auth: auth[who], body }), `${String(body.type)} by ${who}`);
    };
    await command('ana', { type: 'screen', screening: screeningFor(now), orcon: true });
    await command('ana', { type: 'establish_duty', basis: 'Credible, specific plot: named group, the shrine, a car bomb, within 72 hours.' });
    const stored: StixObject[] = [];
    for (const id of new Set([...pkg.reports.flatMap((r) => r.objects.map((o) => o.id)), ...pkg.extra.map((o) => o.id)])) {
      const record = await store.getLatestObject(id);
      if (record !== null) stored.push(JSON.parse(record.json) as StixObject);
    }
    const storedCanaries = new Set([...JSON.stringify(stored).matchAll(CANARY_PATTERN)].map((m) => m[0]));
    await server.close();
    return { dir, caseId, threatId, auth, stored, storedCanaries };
  } catch (error) {
    await server.close();
    dir.cleanup();
    throw error;
  }
}

export interface Release {
  readonly server: LeakServer;
  readonly dir: TempDir;
  readonly partner: PartnerSpec;
  /** Set when the draft was refused (nothing frozen, nothing sent): the refusal's code. */
  readonly refused?: string;
  readonly productSha256: string;
  readonly bundleJson: string;
  readonly banner: string;
  readonly deliveryIds: readonly string[];
  /** The engine's own account, shown to the officers (never sent): used only as an extra check. */
  readonly withheld: readonly { readonly id: string; readonly type: string; readonly reasons?: readonly { readonly code: string; readonly message?: string }[] }[];
  readonly redacted: readonly { readonly id: string; readonly selector: string }[];
}

export const WARNING_TEXT = (canary: string): string => [
  'Credible reporting indicates that a vehicle bomb attack is planned against the Sayyida Zaynab shrine south of Damascus within the next 72 hours.',
  `Protect the approaches to the shrine and the pilgrims' routes. Reference ${canary}.`,
].join('\n\n');

/** Releases the golden case to one partner on a copy of the database and dispatches it. */
export async function releaseTo(golden: Golden, partner: PartnerSpec, env: Readonly<Record<string, string>>, warningText: string): Promise<Release> {
  const dir = copyDatabase(golden.dir.db, `tearline-leaks-${partner.handle}-`);
  const server = await startLeakServer(dir.db, env);
  try {
    const { auth, caseId } = golden;
    const preview = ok(await server.request('POST', `/api/warnings/${caseId}/release-preview`, { auth: auth.olga, body: { partnerName: partner.handle } }), 'preview')
      .json<{ withheld: Release['withheld']; redacted: Release['redacted']; marking: { marking: { displayOnly: boolean } } }>();
    const draft = await server.request('POST', `/api/warnings/${caseId}/draft`, { auth: auth.ana, body: { partnerName: partner.handle, warningText } });
    // A policy in disclosure mode tears DISPLAY ONLY material in; it may be told, never sent.
    if (draft.status === 409 && draft.json<{ error: { code: string } }>().error.code === 'display-only-copy') {
      return { server, dir, partner, refused: 'display-only-copy', productSha256: '', bundleJson: '', banner: '', deliveryIds: [], withheld: preview.withheld, redacted: preview.redacted };
    }
    const drafted = ok(draft, `draft for ${partner.handle}`).json<{ product: { sha256: string; banner: string } }>();
    const hash = drafted.product.sha256;
    const command = (who: string, body: Record<string, unknown>): Promise<HttpAnswer> =>
      server.request('POST', `/api/warnings/${caseId}/commands`, { auth: auth[who], body });
    ok(await command('ana', { type: 'submit_for_release' }), 'submit');
    const self = await command('ana', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash });
    assert.equal(self.status, 403, `the drafter cannot approve: ${self.text()}`);
    ok(await command('olga', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }), 'approval by the duty-to-warn officer');
    const twice = await command('olga', { type: 'approve_release', as: 'originator', productHash: hash });
    assert.notEqual(twice.status, 200, 'one person, one approval');
    ok(await command('finn', { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }), 'approval by the foreign-disclosure officer');
    const last = ok(await command('orla', { type: 'approve_release', as: 'originator', productHash: hash }), 'approval by the originator').json<{ case: { state: string } }>();
    assert.equal(last.case.state, 'delivery', 'the last approval requests the deliveries');
    const dispatched = await server.dispatch();
    assert.deepEqual({ failed: dispatched.failed, dead: dispatched.dead }, { failed: [], dead: [] }, `every channel delivers to ${partner.handle}`);
    assert.equal(dispatched.sent.length, 3, 'TAXII, webhook and email');
    const detail = ok(await server.request('GET', `/api/warnings/${caseId}`, { auth: auth.olga }), 'case').json<{ products: { sha256: string; bundleJson: string; banner: string }[] }>();
    const product = detail.products.find((p) => p.sha256 === hash);
    assert.ok(product !== undefined && product.bundleJson !== '', 'the frozen product');
    return {
      server, dir, partner, productSha256: hash, bundleJson: product.bundleJson, banner: product.banner, deliveryIds: dispatched.sent,
      withheld: preview.withheld, redacted: preview.redacted,
    };
  } catch (error) {
    await server.close();
    dir.cleanup();
    throw error;
  }
}
