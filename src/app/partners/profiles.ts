// Use cases: partner profiles (issue 4). An administrator adds, changes and removes partners;
// every change keeps the old version (a release records the version it used) and is audited
// in the same write. Profiles are validated with parsePartnerProfile (docs/partner-profile.md)
// before anything is stored, and stored as canonical JSON, so re-sending the same profile with
// its keys in another order is not a new version.
import type { Partner } from '../../domain/partners/partner.ts';
import { parsePartnerProfile } from '../../domain/partners/parse.ts';
import { digestOf } from '../audit/digest.ts';
import type { Clock, Store } from '../ports.ts';
import { canonicalJson, type JsonValue } from '../ports/audit.ts';
import { isPartnerName, type PartnerRecord, type PartnerVersionRecord } from '../ports/partners.ts';
import { refuse, type Outcome } from './problems.ts';

export interface PartnerContext {
  readonly store: Store;
  readonly clock: Clock;
}

/** A stored partner with its profile read back. */
export interface PartnerView {
  readonly record: PartnerRecord;
  readonly partner: Partner;
  /** The profile as stored (JSON form). */
  readonly profile: JsonValue;
}

export interface PutPartnerOutcome {
  readonly name: string;
  readonly outcome: 'created' | 'updated' | 'restored' | 'unchanged';
  readonly version: number;
  readonly partner: Partner;
}

/** The audit subject of a partner. */
export function partnerSubject(name: string): string {
  return `partner:${name}`;
}

function nameProblem<T>(name: string): Outcome<T> {
  return refuse('invalid-name', `partner name ${JSON.stringify(name)} must be 1-64 lower-case letters, digits and inner hyphens (e.g. syria-gss)`);
}

/** Validates and stores a profile under `name`: a new partner, a new version, or nothing when unchanged. */
export async function putPartnerProfile(name: string, profile: unknown, actor: string, ctx: PartnerContext): Promise<Outcome<PutPartnerOutcome>> {
  if (!isPartnerName(name)) return nameProblem(name);
  const parsed = parsePartnerProfile(profile);
  if (!parsed.ok) return refuse('invalid-profile', 'the partner profile is not valid', { errors: parsed.errors });
  // Parsed JSON is plain data: it is a JsonValue.
  const json = profile as JsonValue;
  const profileJson = canonicalJson(json);
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<Outcome<PutPartnerOutcome>> => {
    const before = await tx.partners.getPartner(name);
    const result = await tx.partners.putPartner({ name, profileJson, identityRef: parsed.partner.identityRef, at: now, actor });
    if (result.outcome === 'identity-taken') {
      return refuse('identity-taken', `partner ${result.by} already has identity ${parsed.partner.identityRef}: one identity, one partner`);
    }
    if (result.outcome !== 'unchanged') {
      await tx.audit.append({
        at: now,
        actor,
        action: result.outcome === 'created' ? 'partner.add' : result.outcome === 'restored' ? 'partner.restore' : 'partner.update',
        subject: partnerSubject(name),
        before: before === null ? null : digestOf(JSON.parse(before.profileJson) as JsonValue),
        after: digestOf(json),
        partner: parsed.partner.identityRef,
        details: { version: result.version },
      });
    }
    return { ok: true, value: { name, outcome: result.outcome, version: result.version, partner: parsed.partner } };
  });
}

/** Soft-deletes a partner: kept for the record, no longer listed or releasable. */
export async function removePartnerProfile(name: string, actor: string, ctx: PartnerContext): Promise<Outcome<PartnerRecord>> {
  if (!isPartnerName(name)) return nameProblem(name);
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<Outcome<PartnerRecord>> => {
    const before = await tx.partners.getPartner(name);
    if (before === null || !(await tx.partners.removePartner(name, now))) return refuse('no-such-partner', `no partner ${name}`);
    await tx.audit.append({
      at: now,
      actor,
      action: 'partner.remove',
      subject: partnerSubject(name),
      before: digestOf(JSON.parse(before.profileJson) as JsonValue),
      partner: before.identityRef,
      details: { version: before.version },
    });
    return { ok: true, value: { ...before, removedAt: now, updatedAt: now } };
  });
}

/** Reads one stored version back into a Partner; a version that no longer parses is refused. */
export function viewOf<R extends PartnerVersionRecord>(record: R): Outcome<{ readonly record: R; readonly partner: Partner; readonly profile: JsonValue }> {
  const profile = JSON.parse(record.profileJson) as JsonValue;
  const parsed = parsePartnerProfile(profile);
  if (!parsed.ok) return refuse('stored-invalid', `the stored profile of ${record.name} (version ${record.version}) is no longer valid: put a corrected one`, { errors: parsed.errors });
  return { ok: true, value: { record, partner: parsed.partner, profile } };
}

/** The active partner `name`, parsed; refused when absent, removed or unreadable. */
export async function loadPartner(store: Pick<Store, 'partners'>, name: string): Promise<Outcome<PartnerView>> {
  const record = isPartnerName(name) ? await store.partners.getPartner(name) : null;
  if (record === null) return refuse('no-such-partner', `no partner ${name}`);
  return viewOf(record);
}
