// The server the browser tests drive, as `tearline serve` runs it: a real Tearline on an
// ephemeral loopback port with a temporary SQLite file, its delivery dispatcher (so an
// approved warning really goes out: the TAXII channel writes it into the partner's own
// collection, which the partner's TAXII account then reads) and its feed scheduler (pulling a
// partner's TAXII server: a second Tearline on loopback). Seeded with the founding scenario,
// its warning case, two partners and the people who sign in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { startDispatchTimer } from '../../src/app/delivery/dispatchTimer.ts';
import { DEFAULT_DELIVERY_SETTINGS } from '../../src/app/delivery/settings.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { Store } from '../../src/app/ports.ts';
import { FeedScheduler } from '../../src/app/taxii/feedScheduler.ts';
import { addAccount } from '../../src/app/taxii/manageAccounts.ts';
import { addCollection } from '../../src/app/taxii/manageCollections.ts';
import { fetchWebhookClient } from '../../src/delivery/webhook.ts';
import { buildServer } from '../../src/http/server.ts';
import { feedConnector } from '../../src/ingest/taxii/connect.ts';
import { packageVersion, systemClock } from '../../src/main.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { inProcessEventBus } from '../../src/storage/sqlite/events.ts';
import { publishingStore } from '../../src/app/events/publishingStore.ts';
import { TEST_AUTH, TEST_PASSWORD_PARAMS } from '../auth/support.ts';
import { indicator } from '../taxii/support.ts';
import { PARTNER_FEED, PARTNER_TAXII_PASSWORD, PARTNERS, PEOPLE } from './fixtures.ts';
import { seedFoundingScenario, seedPartners, seedPerson } from './seed.ts';

/** How often the dispatcher and the feed scheduler look for work: fast, so the test waits little. */
const TICK_MS = 300;

export interface WorkbenchServer {
  readonly base: string;
  readonly store: Store;
  /** The chosen (or, for the administrator, one-time) password of each person. */
  readonly passwords: Readonly<Record<keyof typeof PEOPLE, string>>;
  /** The partner's TAXII server a feed can pull (its discovery URL), with a collection `shared`. */
  readonly partnerTaxii: string;
  close(): Promise<void>;
}

export async function startWorkbenchServer(): Promise<WorkbenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-browser-'));
  // As `tearline serve` opens it (src/main.ts): writes publish to the bus GET /api/events streams.
  const events = inProcessEventBus();
  const store = publishingStore(openSqliteStore({ path: join(dir, 'tearline.db') }), events);
  const clock = systemClock;
  const closers: (() => Promise<void>)[] = [];
  try {
    await seedFoundingScenario(store, new Date());
    await seedPartners(store, clock);
    // The UK liaison reads what we release to it over TAXII (taxiiChannel.ts grants its account).
    const manage = { store, clock, actor: 'system:test', scrypt: TEST_PASSWORD_PARAMS };
    assert.ok((await addAccount({ name: PARTNERS.uk, password: PARTNER_TAXII_PASSWORD }, manage)).ok);
    const passwords = {} as Record<keyof typeof PEOPLE, string>;
    for (const key of Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]) {
      passwords[key] = await seedPerson(store, clock, PEOPLE[key], { oneTime: key === 'administrator' });
    }

    const partner = await startPartnerTaxii();
    closers.push(partner.close);

    const app = await buildServer({ store, clock, maxBodyBytes: 8 * 1024 * 1024, version: packageVersion(), auth: TEST_AUTH, events });
    closers.push(() => app.close());
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const dispatching = startDispatchTimer(
      {
        store,
        clock,
        settings: DEFAULT_DELIVERY_SETTINGS,
        webhook: fetchWebhookClient(),
        mailer: null,
        mailFrom: 'Tearline duty desk <warnings@tearline.test>',
        webhookSecrets: () => [],
        ingest: ingestObjects,
        ackLinks: null,
        recorder: null,
      },
      TICK_MS,
      { failed: (error) => process.stderr.write(`browser test: delivery dispatch failed: ${(error as Error).message}\n`) },
    );
    closers.push(() => dispatching.stop());
    const feeds = new FeedScheduler({
      store,
      clock,
      ingest: ingestObjects,
      openSource: feedConnector({ userAgent: 'Tearline browser test', env: {}, maxResponseBytes: 8 * 1024 * 1024 }),
      tickMs: TICK_MS,
      log: (line) => process.stderr.write(`browser test: ${line}\n`),
    });
    feeds.start();
    closers.push(() => feeds.stop());

    return {
      base,
      store,
      passwords,
      partnerTaxii: partner.url,
      async close() {
        // Schedulers first, then the server, then the store they use.
        for (const close of closers.reverse()) await close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A partner's own Tearline serving one TAXII collection (`shared`, three indicators) to our feed account. */
async function startPartnerTaxii(): Promise<{ url: string; close: () => Promise<void> }> {
  const store = openSqliteStore({ path: ':memory:' });
  let app: FastifyInstance | undefined;
  try {
    const ctx = { store, clock: systemClock, actor: 'system:test', scrypt: TEST_PASSWORD_PARAMS };
    const collection = await addCollection({ title: 'Shared with Tearline', alias: 'shared' }, ctx);
    assert.ok(collection.ok);
    await ingestObjects([indicator(1), indicator(2), indicator(3)], { collectionIds: [collection.value.id] }, { store, clock: systemClock });
    assert.ok((await addAccount({ name: PARTNER_FEED.user, password: PARTNER_FEED.password, read: ['shared'] }, ctx)).ok);
    app = await buildServer({ store, clock: systemClock, maxBodyBytes: 1024 * 1024, version: 'partner', auth: TEST_AUTH });
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/taxii2/`;
    const running = app;
    return {
      url,
      async close() {
        await running.close();
        await store.close();
      },
    };
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
}
