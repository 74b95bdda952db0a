// Deliveries against the database and the receivers: every outbox row is delivered or still
// queued (pending, sending under a lease, failed and due again), never dead or cancelled (lost); a row
// recorded as sent has exactly one successful attempt and reached the partner (the webhook
// or SMTP receiver got it under its idempotency key with the approved bytes; TAXII: every
// product object is in the partner's collection); no copy arrives after a check saw its row
// sent, and no process sends one row twice (sent twice). Copies that arrive again because a
// kill took the first copy's record are counted as redeliveries.
import { messageIdFor } from '../../../src/app/delivery/emailMessage.ts';
import { partnerOutboundCollection } from '../../../src/app/delivery/taxiiChannel.ts';
import type { DeliveryRow } from '../../../src/app/ports/deliveries.ts';
import type { CrashCheck, Violation } from '../plugins.ts';
import type { Reception } from '../receivers.ts';
import { MAIL_FROM, PARTNER } from '../world.ts';
import { flagger } from './flagger.ts';

export const deliveriesCheck: CrashCheck = {
  name: 'deliveries',
  async run({ store, state, restart }) {
    const violations: Violation[] = [];
    const flag = flagger('deliveries', restart, violations, state.tally);
    const checkedAt = Date.now();
    const byKey = new Map<string, Reception[]>();
    for (const r of state.deliveries.receivers.receptions) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    const outbound = partnerOutboundCollection(PARTNER, '').id;
    const rows: DeliveryRow[] = [];
    for (const record of state.releases.cases) rows.push(...(await store.deliveries.list({ limit: 100, caseId: record.caseId })).items);
    const keys = new Set<string>();
    const states: Record<string, number> = {};
    let redelivered = 0;
    let sentTwice = 0;
    for (const row of rows) {
      states[row.state] = (states[row.state] ?? 0) + 1;
      if (row.state === 'dead') flag('lost', `delivery ${row.id} (${row.channel}) went to dead letter: ${row.lastError ?? ''}`);
      // The campaign never waives or closes a case, so nothing may be called off either.
      if (row.state === 'cancelled') flag('lost', `delivery ${row.id} (${row.channel}) was cancelled: ${row.lastError ?? ''}`);
      const okAttempts = (await store.deliveries.attempts(row.id)).filter((a) => a.ok).length;
      if (okAttempts > (row.state === 'sent' ? 1 : 0)) flag('duplicated', `delivery ${row.id} (${row.channel}, ${row.state}) has ${okAttempts} successful attempts recorded`);
      if (row.state === 'sent' && okAttempts === 0) flag('half-stored', `delivery ${row.id} is sent without a successful attempt`);
      if (row.channel === 'taxii') {
        if (row.state !== 'sent') continue;
        const ids = ((JSON.parse(row.bundleJson) as { objects?: { id: string }[] }).objects ?? []).map((o) => o.id);
        let missing = 0;
        for (const id of ids) if (!(await store.taxii.hasObject(outbound, id))) missing += 1;
        if (missing > 0) flag('lost', `delivery ${row.id} (taxii) is sent, but ${missing} of ${ids.length} product objects are not in the partner's collection`);
        continue;
      }
      const key = row.channel === 'webhook' ? row.idempotencyKey : messageIdFor(row.idempotencyKey, MAIL_FROM);
      keys.add(key);
      const all = byKey.get(key) ?? [];
      for (const r of all) {
        if (r.status === 401) flag('wrong-answer', `delivery ${row.id}: a copy failed the partner's signature check`);
        if (r.channel === 'webhook' && (r.bodySha256 !== row.productSha256 || r.productSha256 !== row.productSha256)) flag('wrong-answer', `delivery ${row.id}: the partner received other bytes than the approved product`);
      }
      const kept = all.filter((r) => r.status === 200 || r.status === 250).sort((a, b) => a.at - b.at);
      if (row.state === 'sent' && kept.length === 0) flag('lost', `delivery ${row.id} (${row.channel}) is recorded as sent, but the partner never received it`);
      if (row.state === 'sent' && !state.deliveries.sentSeenAt.has(row.id)) state.deliveries.sentSeenAt.set(row.id, checkedAt);
      const seenSentAt = state.deliveries.sentSeenAt.get(row.id);
      const late = kept.filter((r) => seenSentAt !== undefined && r.at > seenSentAt);
      const lives = new Set(kept.map((r) => r.life));
      if (late.length > 0 || lives.size < kept.length) {
        sentTwice += 1;
        flag('sent-twice', `delivery ${row.id} (${row.channel}) reached the partner ${kept.length} times (lives ${kept.map((r) => r.life).join(', ')})${late.length > 0 ? ', after it was recorded as sent' : ' from one process'}`);
      } else if (kept.length > 1) redelivered += kept.length - 1;
    }
    for (const [key, copies] of byKey) if (!keys.has(key)) flag('unexpected', `the receivers got ${copies.length} ${copies[0]?.channel} copies under ${key || '(no key)'}, which no outbox row has`);
    state.tally.set('deliveries checked', rows.length);
    state.tally.set('deliveries sent', states.sent ?? 0);
    state.tally.set('deliveries queued', (states.pending ?? 0) + (states.sending ?? 0) + (states.failed ?? 0));
    state.tally.set('deliveries sent twice', sentTwice);
    state.tally.set('deliveries redelivered after a kill', redelivered);
    state.tally.set('receiver copies', state.deliveries.receivers.receptions.length);
    return violations;
  },
};
