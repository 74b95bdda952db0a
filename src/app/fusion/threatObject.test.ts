import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assess } from '../../domain/assessment/index.ts';
import type { ReportFacts } from '../../domain/fusion/index.ts';
import { validateObject } from '../../domain/stix/index.ts';
import { summaryOf } from './summary.ts';
import { FUSION_IDENTITY, nextVersion, THREAT_EXTENSION_DEFINITION, THREAT_EXTENSION_ID, threatGrouping } from './threatObject.ts';
import { uuidv5 } from './ids.ts';

const NOW = '2025-07-01T12:00:00.000Z';
const report: ReportFacts = {
  id: 'report--9305dd34-36de-4fef-9b9c-267cf438a4e7',
  sourceId: null,
  reliability: 'B',
  credibility: 2,
  published: '2025-07-01T00:00:00.000Z',
  automatic: false,
  analystConfirmed: false,
  actors: [{ id: 'intrusion-set--4e8b2d6f-1a3c-4b5d-9e7f-0a1b2c3d4e04', names: ['ISIS', 'Daesh'], kind: 'group' }],
  places: [{ id: 'location--9d2f4b6a-8c1e-4a3b-b5d7-e9f1a3c5b705', name: 'Sayyida Zaynab shrine', kind: 'site', lat: 33.44, lon: 36.34 }],
  methods: [{ id: 'attack-pattern--7c5e3a1f-9d8b-4c6e-a2f4-b6d8e0a2c406', name: 'car bomb', kind: 'vbied' }],
  targets: [],
  observables: [{ type: 'phone-number', value: '+963944000123' }],
  window: { start: '2025-07-03T00:00:00.000Z', end: '2025-07-03T23:59:59.999Z' },
  cites: [],
};
const id = 'grouping--95b20c96-6363-565b-beeb-83250602661f';

describe('a threat as a STIX grouping', () => {
  test('the fusion identity and the x-tearline-threat definition are valid STIX 2.1', () => {
    for (const object of [FUSION_IDENTITY, THREAT_EXTENSION_DEFINITION]) assert.deepEqual(validateObject(object).errors, [], object.id);
  });

  test('an active threat: valid, with members, window and assessment in the extension, markings of its reports', () => {
    const summary = summaryOf(assess({ id, reports: [report] }, new Date(NOW)));
    const grouping = threatGrouping({ id, name: 'ISIS · Sayyida Zaynab shrine · car bomb', createdAt: NOW, modified: NOW, status: 'active', mergedInto: null, reports: [report], markings: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'], summary });
    assert.deepEqual(validateObject(grouping).errors, []);
    assert.deepEqual(grouping.object_refs, [report.id, report.actors[0]?.id, report.places[0]?.id, report.methods[0]?.id]);
    assert.deepEqual(grouping.object_marking_refs, ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82']);
    assert.equal(grouping.confidence, summary.credibility.confidence);
    const ext = (grouping.extensions as Record<string, Record<string, unknown>>)[THREAT_EXTENSION_ID];
    assert.equal(ext?.extension_type, 'property-extension');
    assert.deepEqual(ext?.window, report.window);
    assert.deepEqual((ext?.members as { observables: unknown }).observables, [{ type: 'phone-number', value: '+963944000123' }]);
    assert.equal((ext?.assessment as { duty_to_warn: boolean; imminence: string }).imminence, 'I1');
  });

  test('a merged threat’s last version is revoked and keeps its refs', () => {
    const grouping = threatGrouping({ id, name: 'x', createdAt: NOW, modified: NOW, status: 'merged', mergedInto: 'grouping--1b4d2e52-0000-4000-8000-000000000001', reports: [], markings: [], summary: null, previousRefs: [report.id] });
    assert.deepEqual(validateObject(grouping).errors, []);
    assert.equal(grouping.revoked, true);
    assert.deepEqual(grouping.object_refs, [report.id]);
  });

  test('versions always move forward', () => {
    assert.equal(nextVersion(null, NOW), NOW);
    assert.equal(nextVersion('2025-07-01T11:00:00.000Z', NOW), NOW);
    assert.equal(nextVersion(NOW, NOW), '2025-07-01T12:00:00.001Z');
    assert.equal(nextVersion('2025-07-02T00:00:00.000Z', NOW), '2025-07-02T00:00:00.001Z');
  });

  test('UUIDv5 as RFC 4122 defines it', () => {
    // RFC 4122 appendix namespace DNS, name "python.org" (a widely published test vector).
    assert.equal(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
