import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuseReport } from './fuse.ts';
import { refuse } from './refuse.ts';
import { group, report, site } from './fixtures.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';

const phone = (value: string) => [{ type: 'phone-number', value }];
const groups = (threats: readonly ThreatFacts[]): string[][] => threats.map((t) => t.reports.map((r) => r.id).sort()).sort();

const reports: ReportFacts[] = [
  report('r1', { published: '2025-07-01T00:00:00Z', observables: phone('+963944000123') }),
  report('r2', { published: '2025-07-01T01:00:00Z', observables: phone('+963 944 000 123') }),
  report('r3', { published: '2025-07-01T02:00:00Z', places: [site('l3', 'Great Synagogue of Brussels')] }),
  report('r4', { published: '2025-07-01T03:00:00Z', places: [site('l4', 'great synagogue of brussels')] }),
  report('r5', { published: '2025-07-01T04:00:00Z', actors: [group('g5', 'Hamas')] }),
  report('r6', { published: '2025-07-01T05:00:00Z', observables: [{ type: 'ipv4-addr', value: '1.1.1.1' }] }),
  report('r7', { published: '2025-07-01T06:00:00Z', observables: [{ type: 'ipv4-addr', value: '1.1.1.1' }] }),
];

describe('refuse: regroup from scratch', () => {
  test('the rules alone', () => {
    assert.deepEqual(groups(refuse(reports, [])), [['r1', 'r2'], ['r3', 'r4'], ['r5'], ['r6'], ['r7']]);
  });
  test('the same result whatever order the reports come in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(reports, { minLength: reports.length, maxLength: reports.length }), (shuffled) => {
        assert.deepEqual(refuse(shuffled, []), refuse(reports, []));
      }),
      { numRuns: 50 },
    );
  });
  test('previous ids are kept for the groups that continue', () => {
    const previous = new Map([['r1', 'threat-phone'], ['r2', 'threat-phone'], ['r3', 'threat-shul']]);
    const ids = refuse(reports, [], { previous }).map((t) => t.id);
    assert.ok(ids.includes('threat-phone') && ids.includes('threat-shul'));
  });
  test('a pin keeps a report where the analyst put it, against the rules', () => {
    const result = refuse(reports, [{ kind: 'pin', reportId: 'r5', threatId: 'threat-shul' }], { previous: new Map([['r3', 'threat-shul']]) });
    assert.deepEqual(result.find((t) => t.id === 'threat-shul')?.reports.map((r) => r.id), ['r3', 'r4', 'r5']);
  });
  test('a rejection keeps a report out, against the rules', () => {
    const previous = new Map([['r1', 'threat-phone'], ['r2', 'threat-phone']]);
    const result = refuse(reports, [{ kind: 'reject', reportId: 'r2', threatId: 'threat-phone' }], { previous });
    assert.deepEqual(result.find((t) => t.id === 'threat-phone')?.reports.map((r) => r.id), ['r1']);
    assert.ok(result.some((t) => t.reports.length === 1 && t.reports[0]?.id === 'r2'));
  });
  test('a merge holds across re-fusion, and new reports still join by the rules', () => {
    const decisions = [{ kind: 'merge' as const, threatId: 'threat-m', reportIds: ['r1', 'r2', 'r5'] }];
    const later = report('r8', { published: '2025-07-02T00:00:00Z', observables: phone('+963944000123') });
    const result = refuse([...reports, later], decisions);
    assert.deepEqual(result.find((t) => t.id === 'threat-m')?.reports.map((r) => r.id), ['r1', 'r2', 'r5', 'r8']);
  });
  test('a split holds across re-fusion: the shared phone does not glue the parts back', () => {
    const decisions = [{ kind: 'split' as const, parts: [{ threatId: 'threat-x', reportIds: ['r1'] }, { threatId: 'threat-y', reportIds: ['r2'] }] }];
    const result = refuse(reports, decisions);
    assert.deepEqual(result.find((t) => t.id === 'threat-x')?.reports.map((r) => r.id), ['r1']);
    assert.deepEqual(result.find((t) => t.id === 'threat-y')?.reports.map((r) => r.id), ['r2']);
    // A third report with the phone joins one part, not both.
    const third = report('r9', { published: '2025-07-03T00:00:00Z', observables: phone('+963944000123') });
    const again = refuse([...reports, third], decisions);
    assert.equal(again.filter((t) => t.reports.some((r) => r.id === 'r9')).length, 1);
    assert.ok(again.some((t) => t.id === 'threat-x') && again.some((t) => t.id === 'threat-y'));
  });
});

describe('fuseReport', () => {
  test('applies the decision: join, new threat, merge', () => {
    let threats: readonly ThreatFacts[] = [];
    for (const r of reports.slice(0, 4)) threats = fuseReport(threats, r).threats;
    assert.deepEqual(groups(threats), [['r1', 'r2'], ['r3', 'r4']]);
    const bridge = report('r10', { observables: phone('+963944000123'), places: [site('l10', 'Great Synagogue of Brussels')] });
    const outcome = fuseReport(threats, bridge);
    assert.deepEqual(groups(outcome.threats), [['r1', 'r10', 'r2', 'r3', 'r4']]);
    assert.equal(outcome.result.decision.merge.length, 1);
  });
});
