// Every view of the workbench, in navigation order. A planned view whose server APIs do not
// exist yet is declared 'waiting' with what it waits for; when those APIs land, its entry
// becomes 'ready' with a component, and nothing else in the shell changes.
import type { ComponentType } from 'react';
import type { Route } from './routing.ts';
import { IngestView } from './views/IngestView.tsx';
import { ObjectsView } from './views/ObjectsView.tsx';

export interface MissingApi {
  /** What the API is, as a developer would name it. */
  readonly name: string;
  /** What this view needs from it. */
  readonly provides: string;
}

interface ViewBase {
  /** The first segment of the URL hash: `#/objects`. */
  readonly id: string;
  readonly label: string;
  readonly group: 'Intelligence' | 'Sharing' | 'Accountability';
}

export interface ReadyView extends ViewBase {
  readonly status: 'ready';
  readonly Component: ComponentType<{ readonly route: Route }>;
}

export interface WaitingView extends ViewBase {
  readonly status: 'waiting';
  readonly purpose: string;
  readonly missing: readonly MissingApi[];
}

export type ViewDefinition = ReadyView | WaitingView;

export const VIEWS: readonly ViewDefinition[] = [
  {
    id: 'threats',
    label: 'Threat board',
    group: 'Intelligence',
    status: 'waiting',
    purpose: 'Fused threats ranked by priority, with their assessment and where each stands on the duty to warn.',
    missing: [
      { name: 'Threats API', provides: 'fused threats: actors, targets, places and time windows, with the evidence behind each' },
      { name: 'Assessment API', provides: 'credibility, specificity, imminence class and harm per threat, and the resulting priority' },
      { name: 'Duty-to-warn API', provides: 'each threat’s workflow state, deadlines and escalations' },
    ],
  },
  { id: 'ingest', label: 'Ingest', group: 'Intelligence', status: 'ready', Component: IngestView },
  { id: 'objects', label: 'Objects', group: 'Intelligence', status: 'ready', Component: ObjectsView },
  {
    id: 'partners',
    label: 'Partners',
    group: 'Sharing',
    status: 'waiting',
    purpose: 'The organisations we share with: their release policies, contacts and what each has received.',
    missing: [
      { name: 'Partners API', provides: 'partner organisations, their release policy (markings they may receive) and contacts' },
      { name: 'Releases API', provides: 'tearlines released to each partner, with deliveries and acknowledgements' },
    ],
  },
  {
    id: 'feeds',
    label: 'Feeds',
    group: 'Sharing',
    status: 'waiting',
    purpose: 'The sources Tearline pulls intelligence from and the TAXII collections it publishes.',
    missing: [
      { name: 'Feeds API', provides: 'configured sources (TAXII, MISP, CSV), their schedules, last pull and errors' },
      { name: 'TAXII 2.1 collections', provides: 'the collections this server publishes, with their object counts' },
    ],
  },
  {
    id: 'audit',
    label: 'Audit',
    group: 'Accountability',
    status: 'waiting',
    purpose: 'Every ingest, decision, release and delivery, in the order it happened, in a hash-chained log.',
    missing: [{ name: 'Audit log API', provides: 'audit entries with actor, action and time, and a check that the hash chain is intact' }],
  },
  {
    id: 'oversight',
    label: 'Oversight',
    group: 'Accountability',
    status: 'waiting',
    purpose: 'Read-only review of duty-to-warn decisions, waivers and releases for the oversight role.',
    missing: [
      { name: 'Warnings and waivers API', provides: 'decisions, waivers with their justification and re-review dates, and approvals' },
      { name: 'Authentication and roles', provides: 'who is signed in and whether they hold the oversight role' },
    ],
  },
];

/** Where `#/` lands: the first view with data, until the threat board has its API. */
export const DEFAULT_VIEW_ID = 'objects';

export function findView(id: string): ViewDefinition | undefined {
  return VIEWS.find((view) => view.id === id);
}
