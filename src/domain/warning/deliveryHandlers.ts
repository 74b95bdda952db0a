// Recording delivery attempts, the delivery itself and the acknowledgement (DOMAIN.md §1
// "A delivery records who, to whom, when, channel, and the exact text delivered (its hash)").
import type { WarningCommand } from './commands.ts';
import { DELIVERY_CHANNELS, readChannelAndKind, readRecipient, type DeliveryRecord } from './delivery.ts';
import { readEnum, readInstant, readOptionalText, readProductHash, readText } from './read.ts';
import { accept, refuse, type Checked } from './result.ts';
import { done, event, firstTime, type ApplyResult, type Step } from './step.ts';
import { formatInstant, parseInstant } from './time.ts';

type Command<T extends WarningCommand['type']> = Extract<WarningCommand, { type: T }>;

/** A reported time of something that already happened: not in the future, not before `earliest`. */
function readPastTime(value: unknown, field: string, step: Step, earliest: string | null): Checked<string> {
  if (value === undefined || value === null) return accept(step.now);
  const at = readInstant(value, field);
  if (!at.ok) return at;
  if (at.value > step.nowMs) return refuse('time-out-of-range', `${field} cannot be in the future`);
  const floor = parseInstant(earliest);
  if (floor !== null && at.value < floor) return refuse('time-out-of-range', `${field} cannot be before ${earliest}`);
  return accept(formatInstant(at.value));
}

export function recordDeliveryAttempt(step: Step, command: Command<'record_delivery_attempt'>): ApplyResult {
  const { c } = step;
  const channel = readEnum(command.channel, DELIVERY_CHANNELS, 'channel');
  if (!channel.ok) return channel;
  const recipient = readRecipient(command.recipient, 'recipient');
  if (!recipient.ok) return recipient;
  const failure = readText(command.failure, 'failure');
  if (!failure.ok) return failure;
  const attemptedAt = readPastTime(command.attemptedAt, 'attemptedAt', step, c.cycle.releaseApprovedAt);
  if (!attemptedAt.ok) return attemptedAt;
  const attempt = {
    cycle: c.cycle.number,
    channel: channel.value,
    recipient: recipient.value,
    attemptedAt: attemptedAt.value,
    attemptedBy: step.actorId,
    failure: failure.value,
  };
  const next = { ...c, deliveryAttempts: [...c.deliveryAttempts, attempt] };
  // After a first delivery, a failure on another channel is kept and the state stays.
  return done(next, [
    event(step, c.state, { type: 'delivery_attempt_failed', channel: attempt.channel, failure: attempt.failure, attemptedAt: attempt.attemptedAt }),
  ]);
}

export function recordDelivery(step: Step, command: Command<'record_delivery'>): ApplyResult {
  const { c } = step;
  const warning = c.cycle.warning;
  if (warning === null) return refuse('warning-missing', 'there is no approved warning to deliver');
  const route = readChannelAndKind(command.channel, command.kind);
  if (!route.ok) return route;
  const recipient = readRecipient(command.recipient, 'recipient');
  if (!recipient.ok) return recipient;
  const hash = readProductHash(command.productHash, 'productHash');
  if (!hash.ok) return hash;
  // The exact text delivered must be the text approved (DOMAIN.md §1).
  if (hash.value !== warning.productHash) {
    return refuse('product-hash-mismatch', 'the delivered product is not the approved product; only the approved text may be delivered');
  }
  const deliveredAt = readPastTime(command.deliveredAt, 'deliveredAt', step, c.cycle.releaseApprovedAt);
  if (!deliveredAt.ok) return deliveredAt;
  const record: DeliveryRecord = {
    cycle: c.cycle.number,
    channel: route.value.channel,
    kind: route.value.kind,
    recipient: recipient.value,
    deliveredAt: deliveredAt.value,
    deliveredBy: step.actorId,
    productHash: hash.value,
    recordedAt: step.now,
  };
  // Several channels, several records; but one delivery is recorded once (a machine's record
  // and an officer's record of the same send must not count twice).
  if (c.deliveries.some((d) => sameDelivery(d, record))) {
    return refuse('delivery-already-recorded', `this ${record.channel} delivery at ${record.deliveredAt} to ${record.recipient.name} is already on the case`);
  }
  // The first delivery moves the case on; a further channel leaves the state as it is.
  const state = c.state === 'delivery' ? ('delivered' as const) : c.state;
  const next = {
    ...c,
    state,
    deliveries: [...c.deliveries, record],
    milestones: { ...c.milestones, deliveredAt: firstTime(c.milestones.deliveredAt, record.deliveredAt) },
  };
  return done(next, [
    event(step, state, {
      type: 'delivered',
      channel: record.channel,
      kind: record.kind,
      recipient: record.recipient,
      productHash: record.productHash,
      deliveredAt: record.deliveredAt,
    }),
  ]);
}

export function recordAcknowledgement(step: Step, command: Command<'record_acknowledgement'>): ApplyResult {
  const { c } = step;
  const by = readText(command.acknowledgedBy, 'acknowledgedBy');
  if (!by.ok) return by;
  const channel = readEnum(command.channel, DELIVERY_CHANNELS, 'channel');
  if (!channel.ok) return channel;
  const note = readOptionalText(command.note, 'note');
  if (!note.ok) return note;
  // An acknowledgement cannot come before the warning first reached the recipient.
  const at = readPastTime(command.acknowledgedAt, 'acknowledgedAt', step, firstDeliveryOfCycle(c));
  if (!at.ok) return at;
  const acknowledgement = { acknowledgedBy: by.value, channel: channel.value, acknowledgedAt: at.value, recordedBy: step.actorId, note: note.value };
  // A further acknowledgement (the same warning answered on a second channel) is logged by
  // its event; the case keeps the first, and its state.
  const state = c.state === 'delivered' ? ('acknowledged' as const) : c.state;
  const next = {
    ...c,
    state,
    acknowledgement: c.acknowledgement ?? acknowledgement,
    milestones: { ...c.milestones, acknowledgedAt: firstTime(c.milestones.acknowledgedAt, at.value) },
  };
  return done(next, [event(step, state, { type: 'acknowledged', acknowledgedBy: by.value, acknowledgedAt: at.value })]);
}

function sameDelivery(a: DeliveryRecord, b: DeliveryRecord): boolean {
  return a.cycle === b.cycle && a.channel === b.channel && a.kind === b.kind && a.deliveredAt === b.deliveredAt
    && a.productHash === b.productHash && a.recipient.name === b.recipient.name;
}

/** The earliest delivery time of the current cycle (a meeting may be recorded after a later send). */
function firstDeliveryOfCycle(c: Step['c']): string | null {
  const times = c.deliveries.filter((d) => d.cycle === c.cycle.number).map((d) => parseInstant(d.deliveredAt) ?? Infinity);
  const first = Math.min(...times);
  return Number.isFinite(first) ? formatInstant(first) : null;
}
