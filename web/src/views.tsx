// Every view of the workbench, in navigation order. A planned view whose server APIs do not
// exist yet is declared 'waiting' with what it waits for; when those APIs land, its entry
// becomes 'ready' with a component, and nothing else in the shell changes. A view that needs
// a permission is hidden from users whose roles do not grant it (the API refuses them anyway).
import type { ComponentType } from 'react';
import type { PermissionName } from '../../src/http/wire.ts';
import type { Route } from './routing.ts';
import { AuditView } from './views/AuditView.tsx';
import { FeedsView } from './views/FeedsView.tsx';
import { IngestView } from './views/IngestView.tsx';
import { ObjectsView } from './views/ObjectsView.tsx';
import { OversightView } from './views/OversightView.tsx';
import { PartnersView } from './views/PartnersView.tsx';
import { ThreatsView } from './views/ThreatsView.tsx';
import { UsersView } from './views/UsersView.tsx';
import { WarningsView } from './views/WarningsView.tsx';

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
  readonly group: 'Intelligence' | 'Warning' | 'Sharing' | 'Accountability' | 'Administration';
  /** The permission the view's API needs; the navigation hides it from users without it. */
  readonly requires: PermissionName;
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
  { id: 'threats', label: 'Threat board', group: 'Intelligence', requires: 'objects.read', status: 'ready', Component: ThreatsView },
  { id: 'ingest', label: 'Ingest', group: 'Intelligence', requires: 'objects.ingest', status: 'ready', Component: IngestView },
  { id: 'objects', label: 'Objects', group: 'Intelligence', requires: 'objects.read', status: 'ready', Component: ObjectsView },
  { id: 'warnings', label: 'Warnings', group: 'Warning', requires: 'warnings.read', status: 'ready', Component: WarningsView },
  { id: 'partners', label: 'Partners', group: 'Sharing', requires: 'objects.read', status: 'ready', Component: PartnersView },
  { id: 'feeds', label: 'Feeds', group: 'Sharing', requires: 'objects.read', status: 'ready', Component: FeedsView },
  { id: 'audit', label: 'Audit', group: 'Accountability', requires: 'audit.read', status: 'ready', Component: AuditView },
  { id: 'oversight', label: 'Oversight', group: 'Accountability', requires: 'waivers.read', status: 'ready', Component: OversightView },
  { id: 'users', label: 'Users', group: 'Administration', requires: 'users.read', status: 'ready', Component: UsersView },
];

export function findView(id: string): ViewDefinition | undefined {
  return VIEWS.find((view) => view.id === id);
}

export function mayOpen(view: ViewDefinition, permissions: ReadonlySet<PermissionName>): boolean {
  return permissions.has(view.requires);
}

/** Where `#/` lands: the threat board when the user may read it, else the first view they may open. */
export function defaultViewFor(permissions: ReadonlySet<PermissionName>): string {
  return VIEWS.find((view) => view.status === 'ready' && mayOpen(view, permissions))?.id ?? 'threats';
}
