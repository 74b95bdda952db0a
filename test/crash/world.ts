// Everything the release, delivery and TAXII drivers need, made in the database before the
// first start (and topped up between restarts) through the real use cases, the way an
// operator would with the CLI: people with roles and their API tokens, a partner whose
// channels point at the loopback receivers, a TAXII collection with a writing account, and
// warning cases, each raised by a threat that fusion made from a report of its own.
import { createApiToken } from '../../src/app/auth/apiTokens.ts';
import { createUser } from '../../src/app/auth/createUser.ts';
import type { ScryptParams } from '../../src/app/auth/password.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import { addAccount } from '../../src/app/taxii/manageAccounts.ts';
import { addCollection } from '../../src/app/taxii/manageCollections.ts';
import { auditWarningChange } from '../../src/app/warning/auditCase.ts';
import type { ProductChannel } from '../../src/app/ports/warnings.ts';
import { draftWarningForPartner } from '../../src/app/warning/draftWarning.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { openCase, type Role, type UserActor, type WarningCommand } from '../../src/domain/warning/index.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { uuid4 } from './bundles.ts';
import type { Rng } from '../support/random.ts';

/** The cheapest parameters password.ts accepts: the passwords are never used to sign in. */
export const CHEAP_HASHING: ScryptParams = Object.freeze({ N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });

export const PARTNER = 'crash-partner';
export const PARTNER_IDENTITY = 'identity--0c9a3f4e-5b6d-4e7f-8a9b-1c2d3e4f5a6b';
export const PARTNER_EMAIL = 'duty-desk@partner.crash.test';
export const WEBHOOK_SECRET = 'whsec-crash-campaign-0123456789abcdef';
export const MAIL_FROM = 'Tearline crash campaign <warnings@tearline.crash.test>';
export const TAXII_ACCOUNT = 'crash-taxii';
const TAXII_PASSWORD = 'crash taxii correct horse battery';
/** TLP 1.0 WHITE (STIX 2.1 §7.2.1.4, predefined): releasable to any partner. */
const TLP_WHITE = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';
const SETUP_ACTOR = 'system:crash-test';

/** Who does what in the release workflow: the drafter never approves (DOMAIN.md §1). */
export const PEOPLE = {
  'crash-driver': { roles: ['analyst'], scopes: ['objects.ingest'] },
  ana: { roles: ['analyst'], scopes: ['warnings.read', 'warnings.draft'] },
  olga: { roles: ['duty_to_warn_officer'], scopes: ['warnings.read', 'warnings.decide'] },
  finn: { roles: ['foreign_disclosure_officer'], scopes: ['warnings.read', 'warnings.decide'] },
  // Records machine deliveries on the cases (TEARLINE_DELIVERY_RECORDER).
  dan: { roles: ['delivery_officer'], scopes: ['warnings.read', 'warnings.deliver'] },
} as const satisfies Record<string, { roles: readonly Role[]; scopes: readonly string[] }>;
export type Person = keyof typeof PEOPLE;

export interface Receivers {
  /** The partner's webhook endpoint (the loopback receiver). */
  readonly webhookUrl: string;
  /** The loopback SMTP server. */
  readonly smtpUrl: string;
}

/**
 * The delivery environment of the server (cli/commands/delivery.ts): the loopback SMTP
 * server, the partner's webhook secret, `dan` recording machine deliveries on the cases, and
 * a dispatcher that passes every second and retries after 1-4 s, so deliveries happen
 * between kills. The lease stays the default (2 min): a row the kill took while sending
 * waits that long before another process sends it again.
 */
export function deliveryEnv(receivers: Receivers): Record<string, string> {
  return {
    TEARLINE_SMTP_URL: receivers.smtpUrl,
    TEARLINE_MAIL_FROM: MAIL_FROM,
    [`TEARLINE_WEBHOOK_SECRET_${PARTNER.toUpperCase().replace(/-/g, '_')}`]: WEBHOOK_SECRET,
    TEARLINE_DELIVERY_RECORDER: 'dan',
    TEARLINE_DELIVERY_INTERVAL_MS: '1000',
    TEARLINE_DELIVERY_BASE_DELAY_MS: '1000',
    TEARLINE_DELIVERY_MAX_DELAY_MS: '4000',
    TEARLINE_DELIVERY_MAX_ATTEMPTS: '20',
  };
}

export interface World {
  /** Bearer headers per person. */
  readonly headers: Readonly<Record<Person, Readonly<Record<string, string>>>>;
  readonly taxii: { readonly collectionId: string; readonly authorization: string };
}

const clock: Clock = { now: () => new Date().toISOString() };

export async function prepareWorld(db: string, receivers: Receivers): Promise<World> {
  const store = openSqliteStore({ path: db });
  try {
    const ctx = { store, clock, passwordParams: CHEAP_HASHING };
    const headers = {} as Record<Person, Record<string, string>>;
    for (const [username, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const user = await createUser({ username, roles: [...person.roles], clearance: 'TS', compartments: [], password: `crash ${username} correct horse battery` }, SETUP_ACTOR, ctx);
      if (!user.ok) throw new Error(`crash harness: cannot create user ${username}: ${user.problem.message}`);
      const token = await createApiToken({ username, name: 'crash campaign', scopes: [...person.scopes] }, SETUP_ACTOR, ctx);
      if (!token.ok) throw new Error(`crash harness: cannot create ${username}'s API token: ${token.problem.message}`);
      headers[username] = { authorization: `Bearer ${token.value.token}` };
    }
    const profile = {
      name: 'Crash campaign partner, duty desk',
      identity_ref: PARTNER_IDENTITY,
      country: 'GBR',
      organization: 'Crash campaign partner',
      clearance: 'S',
      communities: [],
      channels: [
        { kind: 'taxii', address: 'partner collection' },
        { kind: 'webhook', address: receivers.webhookUrl },
        { kind: 'email', address: PARTNER_EMAIL },
      ],
    };
    const put = await store.write((tx) => tx.partners.putPartner({ name: PARTNER, profileJson: JSON.stringify(profile), identityRef: PARTNER_IDENTITY, at: clock.now(), actor: SETUP_ACTOR }));
    if (put.outcome !== 'created') throw new Error(`crash harness: cannot store the partner: ${JSON.stringify(put)}`);
    const manage = { store, clock, actor: SETUP_ACTOR, scrypt: CHEAP_HASHING };
    const collection = await addCollection({ title: 'Crash campaign inbox' }, manage);
    if (!collection.ok) throw new Error(`crash harness: cannot create the TAXII collection: ${collection.message}`);
    const account = await addAccount({ name: TAXII_ACCOUNT, password: TAXII_PASSWORD, read: [collection.value.id], write: [collection.value.id] }, manage);
    if (!account.ok) throw new Error(`crash harness: cannot create the TAXII account: ${account.message}`);
    return {
      headers,
      taxii: { collectionId: collection.value.id, authorization: `Basic ${Buffer.from(`${TAXII_ACCOUNT}:${TAXII_PASSWORD}`).toString('base64')}` },
    };
  } finally {
    await store.close();
  }
}

/** A report of its own (one indicator, one place, nothing shared with any other), TLP:WHITE. */
export function threatReport(rng: Rng, n: number): StixObject[] {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const common = { spec_version: '2.1', created: at, modified: at, object_marking_refs: [TLP_WHITE] };
  const indicator: StixObject = {
    type: 'indicator', id: `indicator--${uuid4(rng)}`, ...common,
    name: `Staging server of plot ${n}`,
    pattern: `[ipv4-addr:value = '10.${(n >> 8) & 255}.${n & 255}.${rng.int(1, 254)}']`, pattern_type: 'stix', valid_from: at,
  };
  const report: StixObject = {
    type: 'report', id: `report--${uuid4(rng)}`, ...common,
    name: `Plot ${n}: attack planned against venue ${uuid4(rng).slice(0, 8)}`,
    published: at, report_types: ['threat-report'], confidence: 70, object_refs: [indicator.id],
  };
  return [indicator, report];
}

/**
 * Ingests `count` reports (fusion makes each a threat) and opens a warning case on each as
 * the analyst would; returns the case ids and every object written, for the STIX ledger.
 */
export async function openCases(db: string, rng: Rng, first: number, count: number): Promise<{ caseIds: string[]; objects: StixObject[] }> {
  const store = openSqliteStore({ path: db });
  try {
    const caseIds: string[] = [];
    const objects: StixObject[] = [];
    for (let n = first; n < first + count; n += 1) {
      const report = threatReport(rng, n);
      const outcome = await ingestObjects(report, {}, { store, clock });
      if (!outcome.committed) throw new Error(`crash harness: report ${n} refused: ${JSON.stringify(outcome.errors.slice(0, 2))}`);
      objects.push(...report);
      caseIds.push(await openCaseOnReport(store, report[1]?.id as string, n));
    }
    return { caseIds, objects };
  } finally {
    await store.close();
  }
}

const ANALYST: UserActor = { kind: 'user', userId: 'ana', roles: ['analyst'] };

/** The screening a case gets: a credible, specific I2 plot whose window opens in two days. */
export function screeningCommand(caseId: string): { type: 'screen'; screening: Record<string, unknown> } {
  const hours = (h: number): string => new Date(Date.now() + h * 3_600_000).toISOString();
  return {
    type: 'screen',
    screening: {
      harmType: 'killing',
      victim: { identity: `Visitors of the venue of ${caseId}`, nationality: 'various', country: 'GBR' },
      credibility: { sourceReliability: 'B', informationCredibility: 2 },
      specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
      imminence: 'I2',
      window: { start: hours(48), end: hours(60) },
    },
  };
}

/**
 * A head start for short campaigns: takes a case through screening, duty, drafting and
 * submission with the same use cases the REST routes call, so the approvals (and the
 * deliveries they request) come in the first lives. Returns the product hash.
 */
export async function bringToReleaseReview(db: string, caseId: string, channels: readonly ProductChannel[]): Promise<string> {
  const store = openSqliteStore({ path: db });
  try {
    const run = async (command: WarningCommand): Promise<void> => {
      const result = await runWarningCommand(store, caseId, command, ANALYST, clock.now());
      if (!result.ok) throw new Error(`crash harness: ${caseId}: ${command.type}: ${result.code}: ${result.message}`);
    };
    await run(screeningCommand(caseId) as unknown as WarningCommand);
    await run({ type: 'establish_duty', basis: `Credible, specific plot (${caseId}) within the window.` });
    const drafted = await draftWarningForPartner(store, caseId, { partnerName: PARTNER, warningText: `An attack is planned (${caseId}). Protect the venue.`, channels }, ANALYST, clock.now());
    if (!drafted.ok) throw new Error(`crash harness: ${caseId}: draft: ${drafted.code}: ${drafted.message}`);
    await run({ type: 'submit_for_release' });
    return drafted.product.sha256;
  } finally {
    await store.close();
  }
}

/** Opens a case on the report's threat, as the intake does for a flagged threat (openCases.ts), in the analyst's name. */
async function openCaseOnReport(store: Store, reportId: string, n: number): Promise<string> {
  const threatId = await store.threats.threatOf(reportId);
  if (threatId === null) throw new Error(`crash harness: fusion made no threat of report ${n}`);
  const caseId = `crash-case-${n}`;
  const now = clock.now();
  const opened = openCase({ id: caseId, summary: `Plot ${n}`, reportRefs: [reportId], provisionalImminence: 'I2' }, ANALYST, now);
  if (!opened.ok) throw new Error(`crash harness: cannot open case ${n}: ${opened.code}: ${opened.message}`);
  await store.write(async (tx) => {
    if (!(await tx.warnings.createCase(opened.case, opened.events, threatId))) throw new Error(`crash harness: case ${caseId} exists`);
    await auditWarningChange(tx, { before: null, after: opened.case, events: opened.events, actor: ANALYST, version: 1, threatId, command: 'open' });
  });
  return caseId;
}
