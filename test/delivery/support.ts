// Real peers for the delivery tests: a SQLite store on a temporary file (reopenable), a
// clock the test moves, a warning case brought to `delivery` through the workflow itself
// (the approval requests the deliveries), a webhook endpoint on loopback (node:http) that
// verifies every signature with the partner-side verifier, and an SMTP server on loopback
// (smtp-server) that keeps what it receives.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import { openCase, type Actor, type Role, type WarningCommand } from '../../src/domain/warning/index.ts';
import { SCREENING, T0 } from '../../src/domain/warning/testFixtures.ts';
import { applyWarningCommand } from '../../src/app/warning/applyCommand.ts';
import { sha256Hex } from '../../src/app/delivery/requestDelivery.ts';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../../src/app/delivery/settings.ts';
import type { DispatchContext } from '../../src/app/delivery/dispatch.ts';
import { fetchWebhookClient } from '../../src/delivery/webhook.ts';
import { verifyTearlineWebhook } from '../../src/delivery/verifyWebhook.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { ProductChannel } from '../../src/app/ports/warnings.ts';

export { T0 };

export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = '2025-03-07T08:00:00.000Z'): TestClock {
  let now = Date.parse(start);
  return {
    now: () => new Date(now).toISOString(),
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface TestStore {
  store: Store;
  readonly path: string;
  reopen(): Store;
  dispose(): Promise<void>;
}

export function openTestStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-delivery-'));
  const path = join(dir, 'store.db');
  const opened: Store[] = [];
  const subject: TestStore = {
    store: openSqliteStore({ path }),
    path,
    reopen() {
      subject.store = openSqliteStore({ path });
      opened.push(subject.store);
      return subject.store;
    },
    async dispose() {
      for (const store of [subject.store, ...opened]) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  opened.push(subject.store);
  return subject;
}

export const PARTNER = 'syria-gss';
export const WEBHOOK_SECRET = 'whsec-partner-shared-secret-0123456789';
export const ACK_SECRET = 'ack-secret-of-this-server-0123456789abcdef';

/** Users as the workflow needs them; their ids are the domain actors' ids. */
export const USERS: Readonly<Record<string, readonly Role[]>> = {
  ana: ['analyst'],
  olga: ['duty_to_warn_officer'],
  finn: ['foreign_disclosure_officer'],
  dan: ['delivery_officer'],
};

export function actor(id: string): Actor {
  const roles = USERS[id];
  assert.ok(roles !== undefined, `no test user ${id}`);
  return { kind: 'user', userId: id, roles: [...roles] };
}

export function partnerProfile(channels: readonly { kind: string; address?: string }[]): string {
  return JSON.stringify({
    name: 'Syrian General Security Service, liaison desk',
    identity_ref: 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01',
    country: 'SYR',
    organization: 'General Security Service',
    clearance: 'S',
    communities: ['levant-ct-liaison'],
    channels,
  });
}

/** A small, valid STIX bundle standing in for the released tearline. */
export function productBundle(): { bundleJson: string; indicatorId: string } {
  const indicatorId = `indicator--${randomUUID()}`;
  const bundle = {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects: [{
      type: 'indicator', spec_version: '2.1', id: indicatorId, created: '2025-03-07T07:00:00.000Z', modified: '2025-03-07T07:00:00.000Z',
      name: 'Vehicle staged for the attack on the shrine', pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix',
      valid_from: '2025-03-07T07:00:00.000Z',
    }],
  };
  return { bundleJson: JSON.stringify(bundle), indicatorId };
}

export const BANNER = 'SECRET//REL TO USA, SYR';
export const WARNING_TEXT = [
  'A vehicle bomb is planned against the Sayyida Zaynab shrine before Friday prayers.',
  '(S//REL TO USA, SYR) The vehicle was seen near the southern gate on Wednesday evening.',
  'Protect the southern gate & the pilgrims\' route <now>.',
].join('\n\n');

export interface ApprovedCase {
  readonly caseId: string;
  readonly sha256: string;
  readonly bundleJson: string;
  readonly indicatorId: string;
  readonly deliveryIds: readonly string[];
}

async function step(store: Store, clock: TestClock, caseId: string, command: WarningCommand, who: string): Promise<void> {
  clock.advance(60_000);
  const result = await store.write((tx) => applyWarningCommand(tx, caseId, command, actor(who), clock.now()));
  assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
}

/**
 * Users, the partner (with these channels), and a case taken through screening, duty,
 * drafting and both approvals by the workflow: the last approval requests the deliveries.
 */
export async function approvedCase(
  store: Store,
  clock: TestClock,
  options: {
    readonly channels: readonly ProductChannel[];
    readonly partnerChannels: readonly { kind: string; address?: string }[];
    readonly caseId?: string;
    /** Who approves last, and so requests the deliveries (default the duty-to-warn officer). */
    readonly lastApprover?: 'olga' | 'finn';
  },
): Promise<ApprovedCase> {
  const caseId = options.caseId ?? `case-${randomUUID().slice(0, 8)}`;
  const { bundleJson, indicatorId } = productBundle();
  const sha256 = sha256Hex(bundleJson);
  const now = clock.now();
  await store.write(async (tx) => {
    for (const [id, roles] of Object.entries(USERS)) {
      if ((await tx.users.getUser(id)) !== null) continue;
      await tx.users.createUser({
        id, username: id, displayName: id, roles: [...roles], clearance: 'TS', compartments: [], disabled: false, mustChangePassword: false,
        createdAt: now, updatedAt: now, passwordHash: null,
      });
    }
    await tx.partners.putPartner({ name: PARTNER, profileJson: partnerProfile(options.partnerChannels), identityRef: 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01', at: now, actor: 'test' });
    const opened = openCase({ id: caseId, summary: 'Plot against the Sayyida Zaynab shrine', reportRefs: [] }, actor('ana'), now);
    assert.ok(opened.ok);
    assert.equal(await tx.warnings.createCase(opened.case, opened.events, null), true);
    assert.equal(await tx.warnings.putProduct({
      productId: `product--${sha256}`, caseId, sha256, bundleJson, banner: BANNER, warningText: WARNING_TEXT, partnerName: PARTNER,
      channels: options.channels, mediaType: 'application/stix+json;version=2.1', frozenAt: now, frozenBy: 'user:ana',
    }), 'stored');
  });
  const hoursFromNow = (h: number): string => new Date(Date.parse(now) + h * 3_600_000).toISOString();
  await step(store, clock, caseId, { type: 'screen', screening: { ...SCREENING, window: { start: hoursFromNow(48), end: hoursFromNow(60) } } }, 'ana');
  await step(store, clock, caseId, { type: 'establish_duty', basis: 'Credible, specific plot to bomb the shrine within 72 hours.' }, 'ana');
  await step(store, clock, caseId, {
    type: 'draft_warning', productHash: sha256, summary: 'Vehicle bomb planned against the shrine.',
    recipient: { name: 'Syrian General Security Service, liaison desk', organisation: 'General Security Service', country: 'SYR' },
    sunset: hoursFromNow(60),
  }, 'ana');
  await step(store, clock, caseId, { type: 'submit_for_release' }, 'ana');
  const approvals: [WarningCommand, string][] = [
    [{ type: 'approve_release', as: 'foreign_disclosure_officer', productHash: sha256 }, 'finn'],
    [{ type: 'approve_release', as: 'duty_to_warn_officer', productHash: sha256 }, 'olga'],
  ];
  // The last approver requests the deliveries: in their name the dispatcher records them.
  if (options.lastApprover === 'finn') approvals.reverse();
  for (const [command, who] of approvals) await step(store, clock, caseId, command, who);
  const stored = await store.warnings.getCase(caseId);
  assert.equal(stored?.case.state, 'delivery');
  const deliveryIds = (await store.deliveries.list({ limit: 100, caseId })).items.map((row) => row.id);
  assert.equal(deliveryIds.length, options.channels.length, 'the approval requested one delivery per channel');
  return { caseId, sha256, bundleJson, indicatorId, deliveryIds };
}

export const FAST_RETRIES: DeliverySettings = {
  ...DEFAULT_DELIVERY_SETTINGS,
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  jitter: 0.2,
  leaseMs: 60_000,
  sendTimeoutMs: 5_000,
};

export function dispatchContext(store: Store, clock: Clock, overrides: Partial<DispatchContext> = {}): DispatchContext {
  return {
    store,
    clock,
    settings: FAST_RETRIES,
    webhook: fetchWebhookClient(),
    mailer: null,
    mailFrom: 'Tearline duty desk <warnings@tearline.test>',
    webhookSecrets: (partner) => (partner === PARTNER ? [WEBHOOK_SECRET] : []),
    ingest: ingestObjects,
    ackLinks: { secret: ACK_SECRET, baseUrl: 'https://tearline.test' },
    recorder: null,
    owner: 'dispatcher-test',
    random: () => 0.5,
    ...overrides,
  };
}

export interface ReceivedPost {
  readonly idempotencyKey: string;
  readonly body: string;
  readonly verdict: ReturnType<typeof verifyTearlineWebhook>;
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
}

export interface WebhookPeer {
  readonly url: string;
  readonly posts: ReceivedPost[];
  /** Bodies kept, by idempotency key: what the partner stored (first copy only). */
  readonly kept: Map<string, string>;
  failuresLeft: number;
  close(): Promise<void>;
}

/**
 * The partner's endpoint: answers 503 to the first `failFirst` requests, then stores the
 * first copy per idempotency key and answers 200 to every later copy. Every request's
 * signature is checked with the partner-side verifier at the signing clock's time.
 */
export async function webhookPeer(clock: Clock, failFirst: number): Promise<WebhookPeer> {
  const posts: ReceivedPost[] = [];
  const kept = new Map<string, string>();
  const peer = { posts, kept, failuresLeft: failFirst } as { -readonly [K in keyof WebhookPeer]: WebhookPeer[K] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['idempotency-key'] ?? '');
      const verdict = verifyTearlineWebhook(body, {
        signature: req.headers['x-tearline-signature'] as string | undefined,
        productSha256: req.headers['x-tearline-product-sha256'] as string | undefined,
      }, WEBHOOK_SECRET, { nowSeconds: Math.floor(Date.parse(clock.now()) / 1000) });
      let status = 200;
      if (!verdict.ok) status = 401;
      else if (peer.failuresLeft > 0) {
        peer.failuresLeft -= 1;
        status = 503;
      } else if (!kept.has(key)) kept.set(key, body);
      posts.push({ idempotencyKey: key, body, verdict, status, headers: req.headers });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'stored' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tearline/warnings`;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer as WebhookPeer;
}

/** A loopback port nobody listens on (for "the SMTP server is down"). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SmtpPeer {
  readonly port: number;
  readonly messages: { readonly from: string; readonly to: readonly string[]; readonly raw: string }[];
  close(): Promise<void>;
}

export async function smtpPeer(port = 0): Promise<SmtpPeer> {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback(null, `queued as m${messages.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  return { port: address.port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface MimePart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

function unfoldHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split(/\r\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(text: string, encoding: string | undefined): Buffer {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (e === 'quoted-printable') {
    const soft = text.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i += 1) {
      const c = soft[i] as string;
      if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(c, 'utf8'));
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(text, 'utf8');
}

/** Enough MIME to read what nodemailer writes: top headers, and the leaf parts of a multipart body. */
export function readMime(raw: string): { headers: Readonly<Record<string, string>>; parts: MimePart[] } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = unfoldHeaders(raw.slice(0, split));
  const parts: MimePart[] = [];
  const walk = (partHeaders: Record<string, string>, body: string): void => {
    const boundary = /boundary="?([^";]+)"?/i.exec(partHeaders['content-type'] ?? '')?.[1];
    if (boundary === undefined || !/^multipart\//i.test(partHeaders['content-type'] ?? '')) {
      parts.push({ headers: partHeaders, body: decodeBody(body, partHeaders['content-transfer-encoding']) });
      return;
    }
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const text = section.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const at = text.indexOf('\r\n\r\n');
      walk(unfoldHeaders(text.slice(0, at)), text.slice(at + 4));
    }
  };
  walk(headers, raw.slice(split + 4));
  return { headers, parts };
}

/** Runs dispatch passes, moving the clock past every retry wait, until nothing is due or `maxPasses`. */
export async function dispatchUntilQuiet(run: () => Promise<{ claimed: number }>, clock: TestClock, maxPasses: number, stepMs = 10_000): Promise<number> {
  let passes = 0;
  for (; passes < maxPasses; passes += 1) {
    const report = await run();
    if (report.claimed === 0) break;
    clock.advance(stepMs);
  }
  return passes;
}
