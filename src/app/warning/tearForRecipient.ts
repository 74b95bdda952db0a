// The tearline of a case's threat for one recipient (issue 7 "Release review"): the package
// torn by the release engine with the stored partner profile and policy, its rolled-up
// marking (DOMAIN.md §2 rule 6), and that marking checked against the recipient. The bytes
// are the exact JSON text that would be frozen and sent; the hash is of those bytes.
import { computeTearline, type TearlineResult } from '../computeTearline.ts';
import { classificationRank, type Marking } from '../../domain/markings/model.ts';
import type { StixObject } from '../../domain/stix/index.ts';
import type { StoreReader } from '../ports.ts';
import { sha256Hex } from './ids.ts';
import { threatPackage } from './package.ts';
import type { LoadedRecipient } from './recipient.ts';

const SUPPORTING = new Set(['marking-definition', 'extension-definition', 'identity']);

export interface RecipientCheck {
  readonly rule: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface TornProduct {
  readonly result: TearlineResult;
  /** The threat's package the product was torn from (what `result.withheld` refers to). */
  readonly packageObjects: readonly StixObject[];
  /** The exact bytes (UTF-8 JSON text) of the bundle. */
  readonly bundleJson: string;
  readonly sha256: string;
  /** The rolled-up banner line (classification and dissemination controls). */
  readonly banner: string;
  readonly objectCount: number;
  /** Objects other than marking and extension definitions and identities: the intelligence itself. */
  readonly contentCount: number;
  readonly checks: readonly RecipientCheck[];
}

export type TearResult =
  | { readonly ok: true; readonly value: TornProduct }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** DOMAIN.md §2 rule 6: the product's marking, checked against the recipient it goes to. */
export function checkAgainstRecipient(m: Marking, loaded: LoadedRecipient): readonly RecipientCheck[] {
  const { partner, policy } = loaded;
  const foreign = policy.ourCountry === undefined || partner.country !== policy.ourCountry;
  const classified = classificationRank(m.classification) > 0;
  return [
    {
      rule: 'clearance',
      ok: classificationRank(m.classification) <= classificationRank(partner.clearance),
      detail: `product ${m.classification ?? 'unmarked'}, partner cleared to ${partner.clearance}`,
    },
    { rule: 'noforn', ok: !(foreign && m.noforn), detail: foreign ? 'foreign partner: NOFORN must not be present' : 'domestic partner' },
    {
      rule: 'rel-to',
      ok: !foreign || !classified || m.relTo === undefined || m.relTo.includes(partner.country),
      detail: m.relTo === undefined ? 'no REL TO on the product' : `REL TO ${m.relTo.join(', ')}; partner country ${partner.country}`,
    },
    { rule: 'source-protected', ok: !m.sourceProtected, detail: 'no source-identifying portion may be in a tearline' },
    {
      rule: 'display-only',
      ok: !(policy.mode === 'release' && m.displayOnly),
      detail: policy.mode === 'release' ? 'a release leaves a copy: DISPLAY ONLY cannot go' : 'disclosure mode',
    },
  ];
}

export async function tearForRecipient(
  reader: StoreReader,
  threatId: string,
  loaded: LoadedRecipient,
  release: { readonly releaseId: string; readonly releasedAt: string; readonly secret?: string },
): Promise<TearResult> {
  const pkg = await threatPackage(reader, threatId);
  if (!pkg.ok) return pkg;
  let result: TearlineResult;
  try {
    result = computeTearline({
      objects: pkg.objects,
      partner: loaded.partner,
      policy: loaded.policy,
      releaseId: release.releaseId,
      releasedAt: release.releasedAt,
      ...(release.secret === undefined ? {} : { secret: release.secret }),
    });
  } catch (error) {
    // The engine stops rather than release when its own invariant fails: nothing goes.
    return { ok: false, code: 'tearline-failed', message: `the tearline could not be computed: ${(error as Error).message}` };
  }
  const bundleJson = JSON.stringify(result.bundle);
  const { marking } = result;
  return {
    ok: true,
    value: {
      result,
      packageObjects: pkg.objects,
      bundleJson,
      sha256: sha256Hex(bundleJson),
      // The banner alone (delivery reads it back as a portion mark); TLP and PAP are on `marking`.
      banner: marking.banner,
      objectCount: result.bundle.objects?.length ?? 0,
      contentCount: (result.bundle.objects ?? []).filter((o) => !SUPPORTING.has(o.type)).length,
      checks: checkAgainstRecipient(marking.marking, loaded),
    },
  };
}
