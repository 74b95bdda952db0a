// Use case: preview the release of a case's warning to one partner (issue 7 "Release
// review"; POST /api/warnings/:caseId/release-preview). Read-only: nothing is frozen or
// recorded. Shows what the approvers would approve: the bundle, its banner, what was
// withheld or redacted and why, and the recipient checks of the rolled-up marking.
import type { Store } from '../ports.ts';
import { loadRecipient, recipientOf } from './recipient.ts';
import { tearForRecipient, type RecipientCheck } from './tearForRecipient.ts';
import type { TearlineResult } from '../computeTearline.ts';
import type { Recipient } from '../../domain/warning/index.ts';

export interface ReleasePreview {
  readonly caseId: string;
  readonly partnerName: string;
  readonly partnerVersion: number;
  readonly recipient: Recipient;
  readonly channels: readonly string[];
  readonly banner: string;
  readonly marking: TearlineResult['marking'];
  readonly checks: readonly RecipientCheck[];
  /** True when every check passes and there is intelligence to send. */
  readonly releasable: boolean;
  readonly sha256: string;
  readonly objectCount: number;
  readonly contentCount: number;
  readonly bundle: TearlineResult['bundle'];
  readonly withheld: TearlineResult['withheld'];
  readonly redacted: TearlineResult['redacted'];
}

export type PreviewResult =
  | { readonly ok: true; readonly preview: ReleasePreview }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface PreviewOptions {
  /** Keys derived ids (TEARLINE_RELEASE_SECRET); without it they are keyed by the release id alone. */
  readonly releaseSecret?: string;
}

export async function previewRelease(store: Store, caseId: string, partnerName: string, now: string, options: PreviewOptions = {}): Promise<PreviewResult> {
  const stored = await store.warnings.getCase(caseId);
  if (stored === null) return { ok: false, code: 'case-not-found', message: `no warning case ${caseId}` };
  if (stored.threatId === null) return { ok: false, code: 'no-threat', message: `case ${caseId} was not raised by a threat: there is no package to tear` };
  const loaded = await loadRecipient(store, partnerName);
  if (!loaded.ok) return loaded;
  const torn = await tearForRecipient(store, stored.threatId, loaded.value, {
    releaseId: `preview:${caseId}:${partnerName}:${now}`,
    releasedAt: now,
    ...(options.releaseSecret === undefined ? {} : { secret: options.releaseSecret }),
  });
  if (!torn.ok) return torn;
  const t = torn.value;
  return {
    ok: true,
    preview: {
      caseId,
      partnerName,
      partnerVersion: loaded.value.partnerVersion,
      recipient: recipientOf(loaded.value),
      channels: loaded.value.channels,
      banner: t.banner,
      marking: t.result.marking,
      checks: t.checks,
      releasable: t.contentCount > 0 && t.checks.every((check) => check.ok),
      sha256: t.sha256,
      objectCount: t.objectCount,
      contentCount: t.contentCount,
      bundle: t.result.bundle,
      withheld: t.result.withheld,
      redacted: t.result.redacted,
    },
  };
}
