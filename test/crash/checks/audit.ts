// The audit chain after every restart: verified end to end with the application's own
// verifier (app/audit/verify.ts) on the read-only connection, anchored at the head the
// previous check saw (entries removed from the end would break it); and every acknowledged
// action has its entry, written in the same transaction: each acknowledged workflow command
// of a release (`warning.<command>` on the case), each delivery recorded as sent (exactly one
// `delivery.sent`), each TAXII status a 202 carried (`taxii.add-objects` naming it).
import { ChainVerifier } from '../../../src/app/audit/verify.ts';
import type { CrashCheck, Violation } from '../plugins.ts';
import { flagger } from './flagger.ts';

export const auditCheck: CrashCheck = {
  name: 'audit',
  async run({ store, state, restart }) {
    const violations: Violation[] = [];
    const flag = flagger('audit', restart, violations, state.tally);
    const verifier = new ChainVerifier(state.audit.head ?? undefined);
    const entries = new Map<string, number>();
    const statuses = new Set<string>();
    for await (const entry of store.audit.scan()) {
      verifier.push(entry);
      const key = `${entry.action}|${entry.subject}`;
      entries.set(key, (entries.get(key) ?? 0) + 1);
      if (entry.action === 'taxii.add-objects') {
        const status = (entry.details as { status?: unknown } | null)?.status;
        if (typeof status === 'string') statuses.add(status);
      }
    }
    const chain = verifier.report();
    if (!chain.ok) {
      flag('audit', `the chain does not verify (${chain.entries} entries): ${chain.break?.kind} at ${chain.break?.position}: ${chain.break?.message}`);
    } else {
      state.audit.verified += 1;
      state.audit.head = chain.head;
      state.audit.entries = chain.entries;
    }

    let expected = 0;
    for (const record of state.releases.cases) {
      const needed = new Map<string, number>();
      for (const step of record.steps.filter((s) => s.acknowledged)) {
        const key = `warning.${step.command.replaceAll('_', '-')}|${record.caseId}`;
        needed.set(key, (needed.get(key) ?? 0) + 1);
      }
      for (const [key, n] of needed) {
        expected += n;
        const found = entries.get(key) ?? 0;
        if (found < n) flag('audit', `${key.replace('|', ' on ')}: ${n} acknowledged, ${found} audit entries`);
      }
      for (const row of (await store.deliveries.list({ limit: 100, caseId: record.caseId })).items) {
        if (row.state !== 'sent') continue;
        expected += 1;
        const found = entries.get(`delivery.sent|${row.id}`) ?? 0;
        if (found !== 1) flag('audit', `delivery ${row.id} is sent with ${found} delivery.sent entries (one expected)`);
      }
    }
    for (const seen of state.taxii.statuses()) {
      expected += 1;
      if (!statuses.has(seen.id)) flag('audit', `TAXII status ${seen.id} (a 202) has no taxii.add-objects entry`);
    }
    state.tally.set('audit entries', chain.entries);
    state.tally.set('audited actions checked', expected);
    return violations;
  },
};
