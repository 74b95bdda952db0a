// Every view of the workbench, in navigation order. A planned view whose server APIs do not
// exist yet is declared 'waiting' with what it waits for; when those APIs land, its entry
// becomes 'ready' with a component, and nothing else in the shell changes. A view that needs
// a permission is hidden from users whose roles do not grant it (the API refuses them anyway).
import type { ComponentType } from 'react';
import type { PermissionName } from '../../src/http/wire.ts';
import { lazyView } from './lazyView.tsx';
import type { Route } from './routing.ts';
import { preloadThreatView, ThreatsView } from './views/ThreatsView.tsx';

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

export interface ViewProps {
  readonly route: Route;
}

export interface ReadyView extends ViewBase {
  readonly status: 'ready';
  readonly Component: ComponentType<ViewProps>;
}

export interface WaitingView extends ViewBase {
  readonly status: 'waiting';
  readonly purpose: string;
  readonly missing: readonly MissingApi[];
}

export type ViewDefinition = ReadyView | WaitingView;

// The board is in the first bundle (the page opens on it); every other view's code is loaded
// when it is first opened, or by preloadViews once the first view is on screen.
const LAZY = {
  ingest: lazyView<ViewProps>(() => import('./views/IngestView.tsx').then((m) => m.IngestView)),
  objects: lazyView<ViewProps>(() => import('./views/ObjectsView.tsx').then((m) => m.ObjectsView)),
  warnings: lazyView<ViewProps>(() => import('./views/WarningsView.tsx').then((m) => m.WarningsView)),
  partners: lazyView<ViewProps>(() => import('./views/PartnersView.tsx').then((m) => m.PartnersView)),
  feeds: lazyView<ViewProps>(() => import('./views/FeedsView.tsx').then((m) => m.FeedsView)),
  audit: lazyView<ViewProps>(() => import('./views/AuditView.tsx').then((m) => m.AuditView)),
  oversight: lazyView<ViewProps>(() => import('./views/OversightView.tsx').then((m) => m.OversightView)),
  users: lazyView<ViewProps>(() => import('./views/UsersView.tsx').then((m) => m.UsersView)),
};

export const VIEWS: readonly ViewDefinition[] = [
  { id: 'threats', label: 'Threat board', group: 'Intelligence', requires: 'objects.read', status: 'ready', Component: ThreatsView },
  { id: 'ingest', label: 'Ingest', group: 'Intelligence', requires: 'objects.ingest', status: 'ready', Component: LAZY.ingest.Component },
  { id: 'objects', label: 'Objects', group: 'Intelligence', requires: 'objects.read', status: 'ready', Component: LAZY.objects.Component },
  { id: 'warnings', label: 'Warnings', group: 'Warning', requires: 'warnings.read', status: 'ready', Component: LAZY.warnings.Component },
  { id: 'partners', label: 'Partners', group: 'Sharing', requires: 'objects.read', status: 'ready', Component: LAZY.partners.Component },
  { id: 'feeds', label: 'Feeds', group: 'Sharing', requires: 'objects.read', status: 'ready', Component: LAZY.feeds.Component },
  { id: 'audit', label: 'Audit', group: 'Accountability', requires: 'audit.read', status: 'ready', Component: LAZY.audit.Component },
  { id: 'oversight', label: 'Oversight', group: 'Accountability', requires: 'waivers.read', status: 'ready', Component: LAZY.oversight.Component },
  { id: 'users', label: 'Users', group: 'Administration', requires: 'users.read', status: 'ready', Component: LAZY.users.Component },
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

/** Loads the code of the threat view and of every view this user may open, one after another. */
export async function preloadViews(permissions: ReadonlySet<PermissionName>): Promise<void> {
  if (permissions.has('objects.read')) await preloadThreatView();
  for (const [id, view] of Object.entries(LAZY)) {
    const definition = findView(id);
    if (definition !== undefined && mayOpen(definition, permissions)) await view.preload();
  }
}
