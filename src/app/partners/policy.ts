// Use cases: the release policy in force (docs/partner-profile.md "Release policy file"),
// stored as a versioned singleton in the partners facet. Until one is set, the documented
// default applies: no country is ours (every partner is foreign, so NOFORN never leaves) and
// the Tearline identity stands in for protected sources, the same default `tearline tearline`
// uses without --policy.
import { TEARLINE_IDENTITY_ID } from '../../domain/markings/extension.ts';
import { parseReleasePolicy } from '../../policy/parse.ts';
import { releasePolicy, type ReleasePolicy } from '../../policy/policy.ts';
import { digestOf } from '../audit/digest.ts';
import type { Store } from '../ports.ts';
import { canonicalJson, type JsonValue } from '../ports/audit.ts';
import type { PolicyVersionRecord } from '../ports/partners.ts';
import type { PartnerContext } from './profiles.ts';
import { refuse, type Outcome } from './problems.ts';

/** The audit subject of the release policy. */
export const POLICY_SUBJECT = 'release-policy';

export function defaultReleasePolicy(): ReleasePolicy {
  return releasePolicy({ ourIdentityRef: TEARLINE_IDENTITY_ID });
}

export interface PolicyInForce {
  readonly policy: ReleasePolicy;
  /** The stored version; null when the default applies. */
  readonly version: number | null;
  /** The stored JSON; null for the default. */
  readonly json: JsonValue | null;
}

export async function loadReleasePolicy(store: Pick<Store, 'partners'>): Promise<Outcome<PolicyInForce>> {
  const record = await store.partners.getReleasePolicy();
  if (record === null) return { ok: true, value: { policy: defaultReleasePolicy(), version: null, json: null } };
  return policyOf(record);
}

export function policyOf(record: PolicyVersionRecord): Outcome<PolicyInForce> {
  const json = JSON.parse(record.policyJson) as JsonValue;
  const parsed = parseReleasePolicy(json);
  if (!parsed.ok) return refuse('stored-invalid', `the stored release policy (version ${record.version}) is no longer valid: set a corrected one`, { errors: parsed.errors });
  return { ok: true, value: { policy: parsed.policy, version: record.version, json } };
}

export interface SetPolicyOutcome {
  readonly version: number;
  readonly changed: boolean;
}

/** Validates and stores a new release policy version (nothing when identical to the current one). */
export async function setReleasePolicy(json: unknown, actor: string, ctx: PartnerContext): Promise<Outcome<SetPolicyOutcome>> {
  const parsed = parseReleasePolicy(json);
  if (!parsed.ok) return refuse('invalid-policy', 'the release policy is not valid', { errors: parsed.errors });
  const value = json as JsonValue;
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<Outcome<SetPolicyOutcome>> => {
    const before = await tx.partners.getReleasePolicy();
    const result = await tx.partners.putReleasePolicy({ policyJson: canonicalJson(value), at: now, actor });
    if (result.changed) {
      await tx.audit.append({
        at: now,
        actor,
        action: 'release-policy.set',
        subject: POLICY_SUBJECT,
        before: before === null ? null : digestOf(JSON.parse(before.policyJson) as JsonValue),
        after: digestOf(value),
        details: { version: result.version },
      });
    }
    return { ok: true, value: result };
  });
}
