// tearline delivery <list|show|retry|ack|record|dispatch|disclose|print> (issue 7):
//   list [--dead] [--state S,S] [--case ID] [--limit N] [--json]   the outbox; --dead: the dead letters
//   show ID [--json]                                              a delivery, its attempts, its feedback
//   retry ID                                                      a dead letter back in the queue
//   ack ID --attest TEXT --by NAME --as USERNAME [--at TIME]      the officer attests an acknowledgement
//   record ID --as USERNAME                                       record a sent delivery on its case
//   dispatch                                                      one dispatch pass now (serve runs them on a timer)
//   disclose --case ID --channel C --kind K --by WHO --to NAME --at TIME --place WHERE --as USERNAME
//            [--partner HANDLE] [--org ORG] [--country CCC] [--substance TEXT | --substance-file FILE]
//   print ID [--out FILE.html] [--pdf FILE.pdf]                   the printable warning
//
// The delivery environment (read from io.env, never process.env):
//   TEARLINE_SMTP_URL             smtp[s]://[user:pass@]host[:port]; without it email deliveries fail
//   TEARLINE_MAIL_FROM            sender address (default "Tearline <tearline@localhost>")
//   TEARLINE_ACK_SECRET           >= 32 characters: signs acknowledgement links; without it no links
//   TEARLINE_PUBLIC_URL           base URL of this server in links (default http://HOST:PORT)
//   TEARLINE_DELIVERY_RECORDER    username that records machine deliveries on cases (app/delivery/recorder.ts)
//   TEARLINE_WEBHOOK_SECRET_<HANDLE>  a partner's webhook secret(s), space-separated while rotating;
//                                 HANDLE is the partner handle in capitals, '-' as '_'
//   TEARLINE_DELIVERY_MAX_ATTEMPTS (8), TEARLINE_DELIVERY_BASE_DELAY_MS (30000),
//   TEARLINE_DELIVERY_MAX_DELAY_MS (900000), TEARLINE_DELIVERY_INTERVAL_MS (10000)
import { readFile, writeFile } from 'node:fs/promises';
import type { Clock, Store } from '../../app/ports.ts';
import { DELIVERY_STATES, type DeliveryState } from '../../app/ports/deliveries.ts';
import type { Actor } from '../../domain/warning/index.ts';
import { ackSecretProblem } from '../../app/delivery/ackToken.ts';
import { attestAcknowledgement } from '../../app/delivery/acknowledge.ts';
import { dispatchDue, type DispatchContext } from '../../app/delivery/dispatch.ts';
import { listDeliveries, recordSentOnCase, retryDelivery, showDelivery, type DeliverySummary } from '../../app/delivery/manage.ts';
import { loadPartner } from '../../app/delivery/partnerRoute.ts';
import { renderPrintable } from '../../app/delivery/printable.ts';
import { IN_PERSON_CHANNELS, recordDisclosure, type InPersonChannel } from '../../app/delivery/recordDisclosure.ts';
import { userActorFor } from '../../app/delivery/recorder.ts';
import { checkDeliverySettings, DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../../app/delivery/settings.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import type { Config } from '../../config/config.ts';
import { htmlToPdf } from '../../delivery/print.ts';
import { smtpMailer } from '../../delivery/smtp.ts';
import { fetchWebhookClient } from '../../delivery/webhook.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { operatorActor } from './user.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface DeliveryEnvironment {
  readonly settings: DeliverySettings;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly ackSecret: string | null;
  readonly publicUrl: string | null;
  readonly recorder: string | null;
  readonly intervalMs: number;
}

export type DeliveryEnvResult = { readonly ok: true; readonly value: DeliveryEnvironment } | { readonly ok: false; readonly errors: readonly string[] };

function integer(env: Env, key: string, fallback: number, errors: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    errors.push(`${key}: must be a whole number, got '${raw}'`);
    return fallback;
  }
  return value;
}

/** The delivery settings of this environment (see the header), with every problem named. */
export function deliveryEnvironment(env: Env): DeliveryEnvResult {
  const errors: string[] = [];
  const settings: DeliverySettings = {
    ...DEFAULT_DELIVERY_SETTINGS,
    maxAttempts: integer(env, 'TEARLINE_DELIVERY_MAX_ATTEMPTS', DEFAULT_DELIVERY_SETTINGS.maxAttempts, errors),
    baseDelayMs: integer(env, 'TEARLINE_DELIVERY_BASE_DELAY_MS', DEFAULT_DELIVERY_SETTINGS.baseDelayMs, errors),
    maxDelayMs: integer(env, 'TEARLINE_DELIVERY_MAX_DELAY_MS', DEFAULT_DELIVERY_SETTINGS.maxDelayMs, errors),
  };
  errors.push(...checkDeliverySettings(settings).map((p) => `delivery settings: ${p}`));
  const intervalMs = integer(env, 'TEARLINE_DELIVERY_INTERVAL_MS', 10_000, errors);
  if (intervalMs < 1000) errors.push('TEARLINE_DELIVERY_INTERVAL_MS: at least 1000');
  const smtpUrl = env.TEARLINE_SMTP_URL === undefined || env.TEARLINE_SMTP_URL === '' ? null : env.TEARLINE_SMTP_URL;
  if (smtpUrl !== null && !/^smtps?:\/\/[^/\s]+\/?$/.test(smtpUrl)) errors.push('TEARLINE_SMTP_URL: must be smtp://host[:port] or smtps://host[:port]');
  const ackSecret = env.TEARLINE_ACK_SECRET === undefined || env.TEARLINE_ACK_SECRET === '' ? null : env.TEARLINE_ACK_SECRET;
  const secretProblem = ackSecret === null ? null : ackSecretProblem(ackSecret);
  if (secretProblem !== null) errors.push(`TEARLINE_ACK_SECRET: ${secretProblem}`);
  const publicUrl = env.TEARLINE_PUBLIC_URL === undefined || env.TEARLINE_PUBLIC_URL === '' ? null : env.TEARLINE_PUBLIC_URL;
  if (publicUrl !== null && !/^https?:\/\/\S+$/.test(publicUrl)) errors.push('TEARLINE_PUBLIC_URL: must be an http(s) URL');
  const recorder = env.TEARLINE_DELIVERY_RECORDER === undefined || env.TEARLINE_DELIVERY_RECORDER === '' ? null : env.TEARLINE_DELIVERY_RECORDER.trim().toLowerCase();
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { settings, smtpUrl, mailFrom: env.TEARLINE_MAIL_FROM ?? 'Tearline <tearline@localhost>', ackSecret, publicUrl, recorder, intervalMs },
  };
}

/** A partner's webhook secrets from TEARLINE_WEBHOOK_SECRET_<HANDLE>, current first. */
export function webhookSecretsFrom(env: Env): (partnerName: string) => readonly string[] {
  return (partnerName) => {
    const raw = env[`TEARLINE_WEBHOOK_SECRET_${partnerName.toUpperCase().replace(/-/g, '_')}`] ?? '';
    return raw.split(/[\s,]+/).filter((s) => s !== '');
  };
}

/**
 * Everything the dispatcher needs, built from the environment and the server's config.
 * Acknowledgement links point at TEARLINE_PUBLIC_URL, else at `listeningUrl` (the running
 * server's own address: with `--port 0` only it knows the port), else at the configured one.
 */
export function dispatchContextFor(delivery: DeliveryEnvironment, env: Env, config: Config, store: Store, clock: Clock, listeningUrl?: string): DispatchContext {
  const baseUrl = delivery.publicUrl ?? listeningUrl ?? `http://${config.host}:${config.port}`;
  return {
    store,
    clock,
    settings: delivery.settings,
    webhook: fetchWebhookClient(),
    mailer: delivery.smtpUrl === null ? null : smtpMailer({ url: delivery.smtpUrl, timeoutMs: delivery.settings.sendTimeoutMs }),
    mailFrom: delivery.mailFrom,
    webhookSecrets: webhookSecretsFrom(env),
    ingest: ingestObjects,
    ackLinks: delivery.ackSecret === null ? null : { secret: delivery.ackSecret, baseUrl },
    recorder: delivery.recorder,
  };
}

const USAGE = `usage: tearline delivery list [--dead] [--state S,S] [--case ID] [--limit N] [--json] [--db PATH]
       tearline delivery show ID [--json]
       tearline delivery retry ID
       tearline delivery ack ID --attest TEXT --by NAME --as USERNAME [--at TIME]
       tearline delivery record ID --as USERNAME
       tearline delivery dispatch [--json]
       tearline delivery disclose --case ID --channel in_person_meeting|phone_call|liaison_meeting --kind disclosure|release
                 --by WHO --to NAME --at TIME --place WHERE --as USERNAME [--partner HANDLE] [--org ORG] [--country CCC]
                 [--substance TEXT | --substance-file FILE]
       tearline delivery print ID [--out FILE.html] [--pdf FILE.pdf]`;

const OPTIONS = {
  ...STORE_OPTIONS,
  json: { type: 'boolean' }, dead: { type: 'boolean' }, state: { type: 'string' }, case: { type: 'string' }, limit: { type: 'string' },
  attest: { type: 'string' }, by: { type: 'string' }, as: { type: 'string' }, at: { type: 'string' },
  channel: { type: 'string' }, kind: { type: 'string' }, to: { type: 'string' }, place: { type: 'string' }, partner: { type: 'string' },
  org: { type: 'string' }, country: { type: 'string' }, substance: { type: 'string' }, 'substance-file': { type: 'string' },
  out: { type: 'string' }, pdf: { type: 'string' },
} as const;

const ARITY: Readonly<Record<string, number>> = { list: 0, show: 1, retry: 1, ack: 1, record: 1, dispatch: 0, disclose: 0, print: 1 };

function summaryLine(row: DeliverySummary): string {
  const tail = row.state === 'dead' || row.state === 'failed' || row.state === 'cancelled' ? `  ${row.lastError ?? ''}` : row.state === 'sent' ? `  sent ${row.sentAt ?? ''}` : '';
  return `${row.id}  ${row.state.padEnd(9)} ${row.channel.padEnd(7)} ${row.partnerName}  case ${row.caseId}  attempts ${row.attempts}${tail}`;
}

export async function deliveryCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, OPTIONS);
  const usage = (message?: string): number => {
    io.stderr.write(`${message === undefined ? '' : `tearline delivery: ${message}\n`}${USAGE}\n`);
    return EXIT_USAGE;
  };
  if (!parsed.ok) return usage(parsed.message);
  const v = parsed.values;
  if (v.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const [sub, ...rest] = parsed.positionals;
  if (sub === undefined || ARITY[sub] === undefined) return usage(sub === undefined ? undefined : `unknown subcommand '${sub}'`);
  if (rest.length !== ARITY[sub]) return usage(`wrong number of arguments for '${sub}'`);
  const id = rest[0] ?? '';
  const limit = v.limit === undefined ? 100 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return usage('--limit must be a whole number from 1 to 1000');
  const states = v.dead === true ? ['dead'] : (v.state ?? '').split(',').filter((s) => s !== '');
  if (!states.every((s) => DELIVERY_STATES.includes(s as DeliveryState))) return usage(`--state is a list of ${DELIVERY_STATES.join(', ')}`);

  const opened = await openFor(io, deps, overridesFrom(v));
  if (!opened.ok) return opened.exitCode;
  const { store, config } = opened;
  const clock = deps.clock;
  const fail = (message: string): number => {
    io.stderr.write(`tearline delivery ${sub}: ${message}\n`);
    return EXIT_REJECTED;
  };
  const asUser = async (): Promise<Actor | null> => (v.as === undefined ? null : userActorFor(store, v.as));
  try {
    switch (sub) {
      case 'list': {
        const page = await listDeliveries(store, { limit, ...(states.length > 0 ? { states: states as DeliveryState[] } : {}), ...(v.case === undefined ? {} : { caseId: v.case }) });
        if (v.json === true) io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
        else io.stdout.write(page.items.length === 0 ? 'no deliveries\n' : `${page.items.map(summaryLine).join('\n')}\n`);
        return EXIT_OK;
      }
      case 'show': {
        const detail = await showDelivery(store, id);
        if (detail === null) return fail(`no delivery ${id}`);
        if (v.json === true) io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        else {
          io.stdout.write(`${summaryLine(detail.delivery)}\n  idempotency key ${detail.delivery.idempotencyKey}\n  product ${detail.delivery.productSha256}\n  case record: ${detail.delivery.caseRecord ?? '-'}\n`);
          for (const a of detail.attempts) io.stdout.write(`  attempt ${a.seq} ${a.startedAt} ${a.ok ? 'ok' : `failed: ${a.error ?? ''}`}\n`);
          for (const f of detail.feedback) io.stdout.write(`  feedback ${f.kind} ${f.objectId} ${f.receivedAt} (${f.source})\n`);
        }
        return EXIT_OK;
      }
      case 'retry': {
        const outcome = await retryDelivery({ store, clock }, id, operatorActor(io));
        if (!outcome.ok) return fail(outcome.message);
        io.stdout.write(`${summaryLine(outcome.delivery)}\n`);
        return EXIT_OK;
      }
      case 'ack': {
        if (v.attest === undefined || v.by === undefined || v.as === undefined) return usage('ack needs --attest, --by and --as');
        const actor = await asUser();
        if (actor === null) return fail(`no active user ${v.as}`);
        const outcome = await attestAcknowledgement({ store, clock }, id, { attestation: v.attest, acknowledgedBy: v.by, actor, ...(v.at === undefined ? {} : { acknowledgedAt: v.at }) });
        if (!outcome.ok) return fail(outcome.message);
        io.stdout.write(`acknowledged ${outcome.delivery.deliveryId}; case: ${outcome.caseRecord}\n`);
        return EXIT_OK;
      }
      case 'record': {
        const actor = await asUser();
        if (actor === null) return usage('record needs --as USERNAME (an active delivery officer)');
        const outcome = await recordSentOnCase({ store, clock }, id, actor);
        if (!outcome.ok) return fail(outcome.message);
        io.stdout.write(`${summaryLine(outcome.delivery)}\n  case: ${outcome.caseRecord ?? '-'}\n`);
        return outcome.caseRecord?.startsWith('recorded') === true ? EXIT_OK : EXIT_REJECTED;
      }
      case 'dispatch': {
        const env = deliveryEnvironment(io.env);
        if (!env.ok) {
          for (const error of env.errors) io.stderr.write(`tearline: configuration: ${error}\n`);
          return EXIT_USAGE;
        }
        const report = await dispatchDue(dispatchContextFor(env.value, io.env, config, store, clock));
        io.stdout.write(v.json === true ? `${JSON.stringify(report)}\n` : `claimed ${report.claimed}: sent ${report.sent.length}, failed ${report.failed.length}, dead ${report.dead.length}, cancelled ${report.cancelled.length}\n`);
        return EXIT_OK;
      }
      case 'disclose': {
        const required = { case: v.case, channel: v.channel, kind: v.kind, by: v.by, to: v.to, at: v.at, place: v.place, as: v.as };
        const missing = Object.entries(required).filter(([, value]) => value === undefined).map(([key]) => `--${key}`);
        if (missing.length > 0) return usage(`disclose needs ${missing.join(', ')}`);
        if (!IN_PERSON_CHANNELS.includes(v.channel as InPersonChannel)) return usage(`--channel is one of ${IN_PERSON_CHANNELS.join(', ')}`);
        if (v.kind !== 'disclosure' && v.kind !== 'release') return usage('--kind is disclosure or release');
        if (v.substance !== undefined && v['substance-file'] !== undefined) return usage('give --substance or --substance-file, not both');
        const substance = v['substance-file'] === undefined ? v.substance : await readFile(v['substance-file'], 'utf8');
        const actor = await asUser();
        if (actor === null) return fail(`no active user ${v.as ?? ''}`);
        const outcome = await recordDisclosure({ store, clock }, {
          caseId: v.case as string, channel: v.channel as InPersonChannel, kind: v.kind, by: v.by as string, toName: v.to as string,
          at: v.at as string, place: v.place as string, actor,
          ...(v.partner === undefined ? {} : { partnerName: v.partner }),
          ...(v.org === undefined ? {} : { toOrganisation: v.org }),
          ...(v.country === undefined ? {} : { toCountry: v.country }),
          ...(substance === undefined ? {} : { substance }),
        });
        if (!outcome.ok) return fail(outcome.message);
        io.stdout.write(`${outcome.record.id} ${outcome.record.kind} by ${outcome.record.channel}, substance SHA-256 ${outcome.record.substanceSha256}\n  case: ${outcome.caseRecord}\n`);
        return EXIT_OK;
      }
      case 'print': {
        const row = await store.deliveries.get(id);
        if (row === null) return fail(`no delivery ${id}`);
        const partner = await loadPartner(store, row.partnerName);
        const doc = renderPrintable({
          banner: row.banner, warningText: row.warningText, productId: row.productId, productSha256: row.productSha256,
          recipient: partner.ok ? partner.partner.name : row.partnerName,
        });
        if (v.out === undefined && v.pdf === undefined) io.stdout.write(doc.html);
        if (v.out !== undefined) await writeFile(v.out, doc.html, 'utf8');
        io.stderr.write(`printable warning: SHA-256 ${doc.sha256}\n`);
        if (v.pdf !== undefined) {
          const pdf = await htmlToPdf(doc.html);
          if (!pdf.ok) return fail(pdf.reason);
          await writeFile(v.pdf, pdf.pdf);
          io.stderr.write(`PDF written to ${v.pdf}: SHA-256 ${pdf.sha256}\n`);
        }
        return EXIT_OK;
      }
      default:
        return usage();
    }
  } finally {
    await store.close();
  }
}
