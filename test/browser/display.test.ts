// The workbench's pure display rules, without a browser: durations and countdowns, the
// threat graph built from a threat detail, and which workflow commands a role is offered.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ThreatDetailJson } from '../../src/http/wire.ts';
import { formatDuration, formatOverdue, formatRelative } from '../../web/src/format.ts';
import { graphModel, graphPositions } from '../../web/src/views/threat/graphModel.ts';
import { approverRolesOf, offered } from '../../web/src/views/warning/states.ts';
import { MENTION_KINDS, resolvedAs, segmentText } from '../../web/src/views/ingest/mentionKinds.ts';
import type { MentionJson } from '../../src/http/wire.ts';

describe('durations and countdowns', () => {
  test('the two largest units, dropping a trailing zero', () => {
    assert.equal(formatDuration(93_784_000), '1 d 2 h');
    assert.equal(formatDuration(7_500_000), '2 h 5 min');
    assert.equal(formatDuration(7_200_000), '2 h');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(400), '0 s');
    assert.equal(formatDuration(-90_000), '1 min 30 s', 'the sign is the caller’s to say');
  });

  test('relative to now, before and after, and how far overdue', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    assert.equal(formatRelative('2025-01-01T14:30:00Z', now), 'in 2 h 30 min');
    assert.equal(formatRelative('2024-12-30T12:00:00Z', now), '2 d ago');
    assert.equal(formatOverdue('2025-01-01T11:59:00Z', now), 'overdue by 1 min');
    assert.equal(formatRelative('not a time', now), 'not a time');
  });
});

/** A threat detail with only what the graph reads. */
function threat(): ThreatDetailJson {
  const report = (id: string, title: string) => ({ id, title, published: null, sourceId: null, grade: 'B2', automatic: false, addedAt: '2025-01-01T00:00:00Z', reason: 'test', window: null, suppressed: [] });
  return {
    id: 'grouping--1',
    name: 'Test threat',
    status: 'active',
    mergedInto: null,
    reportCount: 2,
    priority: null,
    dutyToWarn: false,
    imminence: null,
    hoursToStart: null,
    nextDeadline: null,
    nextReassessment: null,
    credibility: null,
    specificity: null,
    harm: null,
    severity: null,
    window: null,
    assessedAt: null,
    updatedAt: '2025-01-01T00:00:00Z',
    reports: [report('report--a', 'Cable'), report('report--b', 'Intercept')],
    // Each report names the group as its own fact: the graph draws one node for the name.
    actors: [
      { id: 'actor-a', names: ['Islamic State', 'ISIS'], kind: 'group', reportIds: ['report--a'] },
      { id: 'actor-b', names: ['Islamic State'], kind: 'group', reportIds: ['report--b'] },
    ],
    places: [{ id: 'place-a', name: 'Damascus', kind: 'city', lat: 33.5, lon: 36.3, reportIds: ['report--a'] }],
    methods: [],
    targets: [],
    observables: [{ type: 'phone-number', value: '+963944000123', reportIds: ['report--b'] }],
    links: [
      {
        reportId: 'report--b',
        reportTitle: 'Intercept',
        member: true,
        againstId: 'grouping--1',
        score: 0.8,
        joinable: true,
        anchor: 'anchored by actor',
        rejected: false,
        evidence: [
          { rule: 'actor', values: ['Islamic State ≈ Islamic State'], weight: 0.4, reportIds: ['report--a'] },
          { rule: 'time', values: ['overlap'], weight: 0.1, reportIds: ['report--a'] },
        ],
        computedAt: '2025-01-01T00:00:00Z',
      },
      // A rejected link draws nothing.
      { reportId: 'report--a', reportTitle: 'Cable', member: true, againstId: 'grouping--1', score: 0.5, joinable: false, anchor: '', rejected: true, evidence: [{ rule: 'place', values: ['x'], weight: 0.5, reportIds: ['report--b'] }], computedAt: '2025-01-01T00:00:00Z' },
    ],
    assessment: null,
    history: [],
    decisions: [],
  };
}

describe('the threat graph', () => {
  test('one node per named fact, shared by the reports that name it', () => {
    const model = graphModel(threat());
    const actors = model.nodes.filter((n) => n.kind === 'actor');
    assert.equal(actors.length, 1);
    assert.deepEqual(actors[0]?.reportIds, ['report--a', 'report--b']);
    assert.deepEqual(model.nodes.map((n) => n.kind).sort(), ['actor', 'observable', 'place', 'report', 'report']);
    const mentions = model.edges.filter((e) => e.kind === 'mentions').map((e) => `${e.source}>${e.target}`);
    assert.ok(mentions.includes('r:report--a>actor:islamic state') && mentions.includes('r:report--b>actor:islamic state'));
  });

  test('fusion links become one evidence edge per pair of reports, naming every rule; rejected links none', () => {
    const evidence = graphModel(threat()).edges.filter((e) => e.kind === 'evidence');
    assert.equal(evidence.length, 1);
    assert.equal(evidence[0]?.source, 'r:report--b');
    assert.equal(evidence[0]?.target, 'r:report--a');
    assert.equal(evidence[0]?.label, 'same actor, overlapping time');
    assert.equal(evidence[0]?.evidence.length, 2);
  });

  test('the layout puts each kind in its column, the same every time', () => {
    const model = graphModel(threat());
    const first = graphPositions(model);
    assert.deepEqual([...graphPositions(model)], [...first]);
    const x = (id: string): number | undefined => first.get(id)?.x;
    assert.equal(x('r:report--a'), x('r:report--b'));
    assert.ok((x('actor:islamic state') ?? 0) < (x('r:report--a') ?? 0), 'actors left of reports');
    assert.ok((x('place:damascus') ?? 0) > (x('r:report--a') ?? 0), 'places right of reports');
  });
});

describe('the commands offered on a warning case (DOMAIN.md §1)', () => {
  test('an analyst screens and drafts but never approves a release', () => {
    assert.equal(offered('screen', 'reported', ['analyst']), true);
    assert.equal(offered('approve_release', 'release_review', ['analyst']), false);
    assert.equal(offered('draft_warning', 'duty_established', ['analyst']), true);
  });

  test('approvers approve in review only, in the roles they hold', () => {
    assert.equal(offered('approve_release', 'release_review', ['foreign_disclosure_officer']), true);
    assert.equal(offered('approve_release', 'warning_prep', ['duty_to_warn_officer']), false);
    assert.deepEqual(approverRolesOf(['analyst', 'originator', 'duty_to_warn_officer']), ['duty_to_warn_officer', 'originator']);
  });

  test('oversight is offered nothing', () => {
    for (const command of ['screen', 'establish_duty', 'approve_release', 'escalate'] as const) {
      assert.equal(offered(command, 'screening', ['oversight']), false);
    }
  });
});

describe('mentions marked in a report text', () => {
  const text = 'An al-Shabaab cell plans a car bomb at the Sahafi Hotel.';
  const at = (kind: MentionJson['kind'], surface: string, value: unknown = null): MentionJson => {
    const start = text.indexOf(surface);
    return { kind, text: surface, start, end: start + surface.length, value };
  };

  test('the text is cut into plain runs and mentions, in order, losing nothing', () => {
    const mentions = [at('site', 'Sahafi Hotel'), at('group', 'al-Shabaab'), at('method', 'car bomb')];
    const { segments, misplaced } = segmentText(text, mentions);
    assert.equal(misplaced, 0);
    assert.deepEqual(segments.map((s) => (s.kind === 'text' ? s.text : `[${s.mention.kind}:${s.mention.text}]`)), ['An ', '[group:al-Shabaab]', ' cell plans a ', '[method:car bomb]', ' at the ', '[site:Sahafi Hotel]', '.']);
    assert.equal(segments.map((s) => (s.kind === 'text' ? s.text : s.mention.text)).join(''), text);
  });

  test('a mention whose offsets do not point at its text, or that overlaps another, is counted, never drawn', () => {
    const shifted = { ...at('group', 'al-Shabaab'), start: 0, end: 10 };
    const overlapping = { ...at('place', 'Sahafi'), kind: 'place' as const };
    const outside = { kind: 'date' as const, text: 'Friday', start: 200, end: 206, value: null };
    const { segments, misplaced } = segmentText(text, [shifted, at('site', 'Sahafi Hotel'), overlapping, outside]);
    assert.equal(misplaced, 3);
    assert.deepEqual(segments.filter((s) => s.kind === 'mention').map((s) => (s.kind === 'mention' ? s.mention.text : '')), ['Sahafi Hotel']);
  });

  test('every kind the extractor has is named in the legend, and values read as words', () => {
    assert.deepEqual(MENTION_KINDS.map((k) => k.kind).sort(), ['date', 'group', 'marking', 'method', 'observable', 'person', 'place', 'site']);
    assert.equal(resolvedAs(at('place', 'Sahafi Hotel', { name: 'Sahafi Hotel', country: 'SOM', kind: 'site' })), 'kind site, country SOM');
    assert.equal(resolvedAs(at('group', 'al-Shabaab', null)), '');
  });
});
