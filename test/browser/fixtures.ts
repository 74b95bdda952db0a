// What the browser test expects of the workbench: its views, and a bundle to ingest.

/** Every view in the navigation, in order; `waiting` ones have no server API yet. */
export const VIEW_IDS: readonly { readonly id: string; readonly label: string; readonly waiting: boolean }[] = [
  { id: 'threats', label: 'Threat board', waiting: true },
  { id: 'ingest', label: 'Ingest', waiting: false },
  { id: 'objects', label: 'Objects', waiting: false },
  { id: 'partners', label: 'Partners', waiting: true },
  { id: 'feeds', label: 'Feeds', waiting: true },
  { id: 'audit', label: 'Audit', waiting: true },
  { id: 'oversight', label: 'Oversight', waiting: true },
];

const uuid = (n: number): string => `4b1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const WORKBENCH_IDS = {
  identity: `identity--${uuid(1)}`,
  indicator: `indicator--${uuid(100)}`,
  malware: `malware--${uuid(200)}`,
  relationship: `relationship--${uuid(300)}`,
  broken: `identity--${uuid(999)}`,
} as const;

/**
 * 31 entries, 30 objects: 27 identities (enough for two pages of 25), one indicator in two
 * versions, a malware and the relationship between them. `broken` adds an invalid identity.
 */
export function workbenchBundle(options: { broken?: boolean } = {}): unknown {
  const common = { spec_version: '2.1', created: '2024-03-01T00:00:00.000Z', modified: '2024-03-01T00:00:00.000Z' };
  const identities = Array.from({ length: 27 }, (_, i) => ({
    type: 'identity',
    id: `identity--${uuid(i + 1)}`,
    ...common,
    name: `Workbench organisation ${i + 1}`,
    identity_class: 'organization',
  }));
  const indicator = {
    type: 'indicator',
    id: WORKBENCH_IDS.indicator,
    ...common,
    created_by_ref: WORKBENCH_IDS.identity,
    name: 'Workbench test indicator',
    indicator_types: ['malicious-activity'],
    pattern: "[domain-name:value = 'courier.example']",
    pattern_type: 'stix',
    valid_from: '2024-03-01T00:00:00Z',
  };
  const revised = { ...indicator, modified: '2024-03-02T00:00:00.000Z', name: 'Workbench test indicator (revised)' };
  const malware = { type: 'malware', id: WORKBENCH_IDS.malware, ...common, name: 'Workbench test malware', is_family: true };
  const relationship = {
    type: 'relationship',
    id: WORKBENCH_IDS.relationship,
    ...common,
    relationship_type: 'indicates',
    source_ref: WORKBENCH_IDS.indicator,
    target_ref: WORKBENCH_IDS.malware,
  };
  const broken = { type: 'identity', id: WORKBENCH_IDS.broken, ...common, name: 'Broken', identity_class: 42 };
  const objects = [...identities, indicator, revised, malware, relationship, ...(options.broken === true ? [broken] : [])];
  return { type: 'bundle', id: `bundle--${uuid(7)}`, objects };
}
