// What the browser test expects of the workbench: its views, its people, its partners and a
// bundle to ingest.
import type { Role } from '../../src/domain/warning/roles.ts';

export interface ExpectedView {
  readonly id: string;
  readonly label: string;
  /** No server API yet: the view shows what it waits for. */
  readonly waiting: boolean;
}

/** Every view an analyst sees in the navigation, in order. */
export const ANALYST_VIEWS: readonly ExpectedView[] = [
  { id: 'threats', label: 'Threat board', waiting: false },
  { id: 'ingest', label: 'Ingest', waiting: false },
  { id: 'objects', label: 'Objects', waiting: false },
  { id: 'warnings', label: 'Warnings', waiting: false },
  { id: 'partners', label: 'Partners', waiting: false },
  { id: 'feeds', label: 'Feeds', waiting: false },
];

/** Views an analyst's roles do not open (audit.read, waivers.read, users.read): hidden from the navigation. */
export const HIDDEN_FROM_ANALYST: readonly string[] = ['audit', 'oversight', 'users'];

/** Oversight reads everything, ingests nothing (src/domain/people/permissions.ts). */
export const OVERSIGHT_VIEWS: readonly string[] = ['threats', 'objects', 'warnings', 'partners', 'feeds', 'audit', 'oversight', 'users'];

export const PEOPLE = {
  analyst: { username: 'amira.haddad', displayName: 'Amira Haddad', roles: ['analyst'] as readonly Role[] },
  oversight: { username: 'olu.bakare', displayName: 'Olu Bakare', roles: ['oversight'] as readonly Role[] },
  /** The two release approvers (DOMAIN.md §1): neither drafts, and they are different people. */
  officer: { username: 'noor.saleh', displayName: 'Noor Saleh', roles: ['duty_to_warn_officer'] as readonly Role[] },
  disclosure: { username: 'james.okafor', displayName: 'James Okafor', roles: ['foreign_disclosure_officer'] as readonly Role[] },
  /** Created with a one-time password, as `npm start` creates the first administrator. */
  administrator: { username: 'root.admin', displayName: 'First Administrator', roles: ['administrator'] as readonly Role[] },
} as const;

export const PARTNERS = {
  /** docs/partner-profile.md's example, foreign and cleared S. */
  syria: 'syria-gss',
  uk: 'uk-liaison',
} as const;

export const UK_PROFILE = {
  name: 'UK counter-terrorism liaison',
  identity_ref: 'identity--7e2b6c1a-3f4d-4e8a-9b2c-1d0e5f6a7b8c',
  country: 'GBR',
  organization: 'Joint liaison cell',
  clearance: 'S',
  communities: ['levant-ct-liaison'],
  channels: [
    { kind: 'taxii', address: 'partner-uk-liaison' },
    { kind: 'email', address: 'ct-liaison@example.invalid' },
  ],
};

/** The UK liaison's TAXII account on our server: it reads the warnings we release to it. */
export const PARTNER_TAXII_PASSWORD = 'uk liaison reads its warnings here';

/** Our account on a partner's TAXII server, which a feed pulls. */
export const PARTNER_FEED = { name: 'partner-shared', user: 'tearline-feed', password: 'tearline pulls the shared collection' } as const;

/**
 * A field report that, on its own, is a duty-to-warn threat (killing, I1): a group, a site,
 * a method and a window within 48 hours. Nothing in the founding scenario fuses with it.
 * TLP:CLEAR, because a classification banner the extractor reads becomes a marking-definition
 * created by the extractor's identity, which the tearline never releases (not "us", not
 * public: app/tearline/select.ts), so a classified text report cannot be warned about today.
 */
export const FIELD_REPORT = [
  'TLP:CLEAR',
  '',
  'FIELD REPORT: BOMB PLOT AGAINST A HOTEL IN MOGADISHU',
  '',
  'A source with direct access reports that an al-Shabaab cell plans a car bomb attack against the Sahafi Hotel in Mogadishu within the next 48 hours. The cell leader uses the handset +252 61 555 0142.',
  '',
].join('\n');

const uuid = (n: number): string => `4b1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const WORKBENCH_IDS = {
  identity: `identity--${uuid(1)}`,
  indicator: `indicator--${uuid(100)}`,
  malware: `malware--${uuid(200)}`,
  relationship: `relationship--${uuid(300)}`,
  broken: `identity--${uuid(999)}`,
} as const;

/**
 * 31 entries, 30 objects: 27 identities, one indicator in two versions, a malware and the
 * relationship between them. `broken` adds an invalid identity.
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
