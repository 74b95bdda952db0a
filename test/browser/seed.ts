// What the browser test puts in the store before the browser opens: the founding scenario
// (the ingest API takes STIX only, so its three free-text reports go through the same path as
// `tearline ingest --format text`), the warning case fusion's flag opens, two partners, and
// the people who sign in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createUser } from '../../src/app/auth/createUser.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { putPartnerProfile } from '../../src/app/partners/index.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import { openCasesForTriggeredThreats } from '../../src/app/warning/openCases.ts';
import { convertInput } from '../../src/ingest/convertInput.ts';
import { foundingReports } from '../../src/demo/foundingScenario.ts';
import type { Role } from '../../src/domain/warning/roles.ts';
import { TEST_PASSWORD_PARAMS } from '../auth/support.ts';
import { PARTNERS, UK_PROFILE } from './fixtures.ts';

/** The three founding reports, each stored at its arrival time; fusion makes them one threat. */
export async function seedFoundingScenario(store: Store, now: Date): Promise<void> {
  for (const report of foundingReports(now)) {
    const converted = convertInput('text', Buffer.from(report.text, 'utf8'), { maxBytes: 1_000_000, now: report.arrival, published: report.published });
    assert.ok(converted.ok && converted.errors.length === 0, `${report.name} converts`);
    const outcome = await ingestObjects(converted.objects, {}, { store, clock: { now: () => report.arrival } });
    assert.ok(outcome.committed, `${report.name} is stored`);
  }
  // The scheduler's intake, run once, if fusion's write did not already open the case.
  await openCasesForTriggeredThreats(store, now.toISOString());
  const cases = await store.warnings.listCases({ limit: 10 });
  assert.equal(cases.items.length, 1, 'the flagged threat has its duty-to-warn case');
}

export async function seedPartners(store: Store, clock: Clock): Promise<void> {
  const syria = JSON.parse(readFileSync(new URL('../../examples/partners/syria-gss.json', import.meta.url), 'utf8')) as unknown;
  for (const [name, profile] of [[PARTNERS.syria, syria], [PARTNERS.uk, UK_PROFILE]] as const) {
    const put = await putPartnerProfile(name, profile, 'system:test', { store, clock });
    assert.ok(put.ok, JSON.stringify(put));
  }
}

export interface Person {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

/** A user with a chosen password, or (oneTime) with a generated one to change at first sign-in. */
export async function seedPerson(store: Store, clock: Clock, person: Person, options: { readonly oneTime?: boolean } = {}): Promise<string> {
  const chosen = `correct horse battery ${person.username}`;
  const outcome = await createUser(
    { username: person.username, displayName: person.displayName, roles: person.roles, clearance: 'TS', compartments: [], ...(options.oneTime === true ? {} : { password: chosen }) },
    'system:test',
    { store, clock, passwordParams: TEST_PASSWORD_PARAMS },
  );
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return options.oneTime === true ? (outcome.value.oneTimePassword as string) : chosen;
}
