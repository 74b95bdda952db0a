// The founding scenario, written for this project (fictional events, real place names):
// a partner cable, an intercept summary and an open news report, arriving over one hour,
// about a group's plot to bomb a shrine near Damascus. Timestamps are relative to `now`
// so the plot is always about 48 hours away when the demo loads.
import type { StixBundle, StixObject } from '../domain/stix/object.ts';

const HOUR = 3_600_000;

// Fixed ids so that loading the demo twice is an idempotent no-op.
const ID = {
  us: 'identity--6a0f3c54-5f0e-4d61-9a53-2a1c1f3e9b01',
  partnerService: 'identity--0b7d6a51-3c7f-4c3e-8d0a-6f5e2d1c9a02',
  newsOutlet: 'identity--c1e4f7a2-9b8d-4e6f-a1b2-3c4d5e6f7a03',
  group: 'intrusion-set--4e8b2d6f-1a3c-4b5d-9e7f-0a1b2c3d4e04',
  shrine: 'location--9d2f4b6a-8c1e-4a3b-b5d7-e9f1a3c5b705',
  method: 'attack-pattern--7c5e3a1f-9d8b-4c6e-a2f4-b6d8e0a2c406',
  phone: 'indicator--2b4d6f8a-0c2e-4a6b-8d0f-1a3c5e7b9d07',
  cable: 'report--5f7a9c1e-3b5d-4f7a-9c1e-3b5d7f9a1c08',
  intercept: 'report--8a0c2e4f-6b8d-4a0c-ae4f-6b8d0a2c4e09',
  news: 'report--3e5a7c9e-1b3d-4e5a-8c9e-1b3d5e7a9c10',
  targets: 'relationship--1c3e5a7c-9e1b-4d3f-a5c7-e9b1d3f5a711',
  uses: 'relationship--6d8f0b2d-4f6a-4c8e-b0d2-f4a6c8e0b212',
  tlpAmber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  tlpClear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  tlp2Extension: 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d',
  secretNoforn: 'marking-definition--d1f3b5a7-9c1e-4f3a-b5c7-d9e1f3a5b713',
  secretRelTo: 'marking-definition--e2a4c6e8-0a2c-4e4a-86c8-e0a2c4e6a814',
} as const;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function foundingScenario(now: Date): StixBundle {
  // Anchor on the hour so re-loading within the same hour yields identical objects.
  const t0 = Math.floor(now.getTime() / HOUR) * HOUR - 2 * HOUR;
  const created = iso(t0);
  const plotStart = iso(t0 + 48 * HOUR);
  const plotEnd = iso(t0 + 60 * HOUR);
  const base = { spec_version: '2.1', created, modified: created } as const;
  const tlp = (id: string, name: string, tlpLevel: string): StixObject => ({
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2022-10-01T00:00:00.000Z',
    name,
    extensions: { [ID.tlp2Extension]: { extension_type: 'property-extension', tlp_2_0: tlpLevel } },
  });
  const statement = (id: string, text: string): StixObject => ({
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2020-01-01T00:00:00.000Z',
    definition_type: 'statement',
    name: text,
    definition: { statement: text },
    created_by_ref: ID.us,
  });
  const objects: StixObject[] = [
    { type: 'identity', id: ID.us, ...base, name: 'Tearline Demo Centre', identity_class: 'organization' },
    tlp(ID.tlpAmber, 'TLP:AMBER', 'amber'),
    tlp(ID.tlpClear, 'TLP:CLEAR', 'clear'),
    statement(ID.secretNoforn, 'SECRET//NOFORN//ORCON'),
    statement(ID.secretRelTo, 'SECRET//REL TO USA, GBR'),
    { type: 'identity', id: ID.partnerService, ...base, name: 'Partner liaison service', identity_class: 'organization', created_by_ref: ID.us },
    { type: 'identity', id: ID.newsOutlet, ...base, name: 'Regional news outlet', identity_class: 'organization', created_by_ref: ID.us },
    {
      type: 'intrusion-set', id: ID.group, ...base, created_by_ref: ID.us,
      name: 'Islamic State of Iraq and Syria', aliases: ['ISIS', 'ISIL', 'Daesh', 'Islamic State'],
      object_marking_refs: [ID.tlpClear],
    },
    {
      type: 'location', id: ID.shrine, ...base, created_by_ref: ID.us,
      name: 'Sayyida Zaynab shrine', description: 'Shia shrine south of Damascus; pilgrims gather for Friday prayers.',
      latitude: 33.4442, longitude: 36.3411, country: 'SY', city: 'Sayyida Zaynab',
      object_marking_refs: [ID.tlpClear],
    },
    {
      type: 'attack-pattern', id: ID.method, ...base, created_by_ref: ID.us,
      name: 'Vehicle-borne improvised explosive device (VBIED)',
      object_marking_refs: [ID.tlpClear],
    },
    {
      type: 'indicator', id: ID.phone, ...base, created_by_ref: ID.us,
      name: 'Handset used to coordinate the cell', indicator_types: ['attribution'],
      pattern: "[x-tearline-phone:value = '+963944000123']", pattern_type: 'stix', valid_from: created,
      object_marking_refs: [ID.secretNoforn],
    },
    {
      type: 'relationship', id: ID.targets, ...base, created_by_ref: ID.us,
      relationship_type: 'targets', source_ref: ID.group, target_ref: ID.shrine,
      start_time: plotStart, stop_time: plotEnd, object_marking_refs: [ID.secretRelTo],
    },
    {
      type: 'relationship', id: ID.uses, ...base, created_by_ref: ID.us,
      relationship_type: 'uses', source_ref: ID.group, target_ref: ID.method,
      object_marking_refs: [ID.secretRelTo],
    },
    {
      type: 'report', id: ID.cable, spec_version: '2.1', created: iso(t0), modified: iso(t0), created_by_ref: ID.partnerService,
      name: 'Partner cable: ISIS cell preparing attack on a shrine near Damascus',
      description: 'A liaison partner reports that an ISIS cell is preparing a vehicle bomb against a Shia shrine south of Damascus within days.',
      published: iso(t0), report_types: ['threat-actor'], confidence: 70,
      object_refs: [ID.group, ID.shrine, ID.method, ID.uses],
      object_marking_refs: [ID.secretRelTo, ID.tlpAmber],
    },
    {
      type: 'report', id: ID.intercept, spec_version: '2.1', created: iso(t0 + 0.5 * HOUR), modified: iso(t0 + 0.5 * HOUR), created_by_ref: ID.us,
      name: 'Intercept summary: cell discusses Friday timing',
      description: 'Two members of the cell discuss moving the car to the shrine before Friday prayers.',
      published: iso(t0 + 0.5 * HOUR), report_types: ['threat-actor'], confidence: 70,
      object_refs: [ID.group, ID.shrine, ID.phone, ID.targets],
      object_marking_refs: [ID.secretNoforn],
    },
    {
      type: 'report', id: ID.news, spec_version: '2.1', created: iso(t0 + HOUR), modified: iso(t0 + HOUR), created_by_ref: ID.newsOutlet,
      name: 'News: security tightened around Sayyida Zaynab shrine',
      description: 'Local media report additional checkpoints on the road to the Sayyida Zaynab shrine ahead of a religious holiday.',
      published: iso(t0 + HOUR), report_types: ['attack-pattern'], confidence: 50,
      object_refs: [ID.shrine],
      object_marking_refs: [ID.tlpClear],
    },
  ];
  return { type: 'bundle', id: 'bundle--f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0', objects };
}
