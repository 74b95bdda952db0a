// Use case: preview a tearline (issue 4). Loads the package from the store (the given objects,
// or a threat's grouping, and what they reach), computes the tearline for one stored partner
// under the stored release policy, and returns what the partner would receive with what was
// withheld and redacted and why. Nothing is released and no release is recorded: the ids in
// the preview are keyed by a throw-away release id, so they match no real release.
//
// A person previews only what they may see: with a principal, objects hidden from them are
// not loaded (as if absent) and portions hidden from them are cut out before the tearline;
// reading protected material is audited like any other read.
import { randomUUID } from 'node:crypto';
import type { StixBundle } from '../../domain/stix/object.ts';
import type { ProductMarking } from '../../domain/markings/rollup.ts';
import type { ReleaseMode } from '../../policy/policy.ts';
import { visibleOnly } from '../auth/visibleObjects.ts';
import type { Principal } from '../auth/context.ts';
import { computeTearline, type RedactedProperty, type WithheldObject } from '../computeTearline.ts';
import { collectPackage, type ReadFilter } from './package.ts';
import { loadPartner, type PartnerContext } from './profiles.ts';
import { loadReleasePolicy } from './policy.ts';
import { refuse, type Outcome } from './problems.ts';

/** Packages larger than this are refused (a preview is interactive). */
export const MAX_PREVIEW_OBJECTS = 50_000;
/** At most this many ids in one request. */
export const MAX_PREVIEW_IDS = 10_000;

export interface PreviewRequest {
  /** The partner's handle. */
  readonly partner: string;
  readonly objectIds?: readonly string[];
  /** A threat id: its grouping object is the root. */
  readonly threatId?: string;
  /** Overrides the policy's mode for this preview. */
  readonly mode?: ReleaseMode;
}

export interface PreviewBasis {
  readonly partner: string;
  /** The partner profile version the preview used (a release records it too). */
  readonly partnerVersion: number;
  /** The stored policy version; null when the default policy applied. */
  readonly policyVersion: number | null;
  readonly mode: ReleaseMode;
  /** Objects loaded into the package. */
  readonly objects: number;
}

export interface TearlinePreview {
  readonly bundle: StixBundle;
  readonly withheld: readonly WithheldObject[];
  readonly redacted: readonly RedactedProperty[];
  readonly marking: ProductMarking;
  readonly basis: PreviewBasis;
}

/** Reads a preview request from JSON; every problem is an `invalid-request`. */
export function readPreviewRequest(body: unknown): Outcome<PreviewRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('invalid-request', 'send a JSON object {partner, objectIds?, threatId?, mode?}');
  const b = body as Record<string, unknown>;
  const unknownKeys = Object.keys(b).filter((k) => !['partner', 'objectIds', 'threatId', 'mode'].includes(k));
  if (unknownKeys.length > 0) return refuse('invalid-request', `unknown keys: ${unknownKeys.join(', ')}`);
  if (typeof b.partner !== 'string' || b.partner === '') return refuse('invalid-request', 'partner must be a partner name');
  let objectIds: string[] | undefined;
  if (b.objectIds !== undefined) {
    if (!Array.isArray(b.objectIds) || b.objectIds.length === 0 || b.objectIds.length > MAX_PREVIEW_IDS || !b.objectIds.every((id) => typeof id === 'string' && id !== '' && id.length <= 300)) {
      return refuse('invalid-request', `objectIds must be a list of 1 to ${MAX_PREVIEW_IDS} object ids`);
    }
    objectIds = b.objectIds as string[];
  }
  if (b.threatId !== undefined && (typeof b.threatId !== 'string' || b.threatId === '' || b.threatId.length > 300)) return refuse('invalid-request', 'threatId must be a threat id');
  if (objectIds === undefined && b.threatId === undefined) return refuse('invalid-request', 'name what to release: objectIds, threatId, or both');
  if (b.mode !== undefined && b.mode !== 'release' && b.mode !== 'disclosure') return refuse('invalid-request', "mode must be 'release' or 'disclosure'");
  return {
    ok: true,
    value: {
      partner: b.partner,
      ...(objectIds === undefined ? {} : { objectIds }),
      ...(typeof b.threatId === 'string' ? { threatId: b.threatId } : {}),
      ...(b.mode === undefined ? {} : { mode: b.mode as ReleaseMode }),
    },
  };
}

export async function previewTearline(request: PreviewRequest, principal: Principal | null, ctx: PartnerContext): Promise<Outcome<TearlinePreview>> {
  const { store, clock } = ctx;
  const partner = await loadPartner(store, request.partner);
  if (!partner.ok) return partner;
  const policy = await loadReleasePolicy(store);
  if (!policy.ok) return policy;

  const required = [...new Set(request.objectIds ?? [])];
  const roots = new Set(required);
  if (request.threatId !== undefined) {
    // A threat is its STIX grouping (ports/threats.ts). The grouping carries the most
    // restrictive combination of its members' markings (app/fusion/threatObject.ts), so it is
    // often withheld: its members are roots of their own, each released on its own markings.
    const threat = await store.threats.get(request.threatId);
    if (threat === null) return refuse('unknown-threat', `no threat ${request.threatId}`);
    required.push(threat.id);
    roots.add(threat.id);
    for (const edge of await store.refsFrom(threat.id)) if (edge.path.startsWith('object_refs')) roots.add(edge.targetId);
  }
  const filter: ReadFilter | undefined = principal === null ? undefined : (records) => visibleOnly(records, principal, store);
  const collected = await collectPackage(store, [...roots], { limit: MAX_PREVIEW_OBJECTS, required, ...(filter === undefined ? {} : { filter }) });
  if (!collected.ok) {
    // A hidden threat grouping answers as an absent threat.
    if (collected.problem.code === 'unknown-objects' && request.threatId !== undefined && collected.problem.ids?.includes(request.threatId) === true) {
      return refuse('unknown-threat', `no threat ${request.threatId}`);
    }
    return collected;
  }
  const { objects, protectedIds } = collected.value;
  if (principal !== null && protectedIds.length > 0) {
    await store.write((tx) => tx.audit.append({
      at: clock.now(),
      actor: principal.actor,
      action: 'objects.read',
      subject: protectedIds.length === 1 ? (protectedIds[0] as string) : `objects:${protectedIds.length}`,
      details: { objects: [...protectedIds], purpose: 'tearline.preview' },
    }));
  }

  const mode = request.mode ?? policy.value.policy.mode;
  const result = computeTearline({
    objects,
    partner: partner.value.partner,
    policy: { ...policy.value.policy, mode },
    releaseId: `preview-${randomUUID()}`,
    releasedAt: clock.now(),
    roots: [...roots],
  });
  return {
    ok: true,
    value: {
      bundle: result.bundle,
      withheld: result.withheld,
      redacted: result.redacted,
      marking: result.marking,
      basis: { partner: request.partner, partnerVersion: partner.value.record.version, policyVersion: policy.value.version, mode, objects: objects.length },
    },
  };
}
