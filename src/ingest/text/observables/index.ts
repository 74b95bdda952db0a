// All observable extractors over one text; where candidates overlap the longest wins, so a
// URL's host or an email's domain is not reported again on its own. Phone numbers are
// found separately (findPhones): they need the text's countries, which come later.
import { longestNonOverlapping } from '../mention.ts';
import { findHandles, findPlates } from './accounts.ts';
import { findWallets } from './crypto.ts';
import { findHashes } from './hashes.ts';
import { findDomains, findEmails, findIpv4, findIpv6, findUrls } from './network.ts';
import type { ObservableCandidate } from './types.ts';

export type { ObservableCandidate, ObservableType, ObservableValue } from './types.ts';
export { findPhones, normalise as normalisePhone, type RegionHints } from './phone.ts';
export { refang, isDefanged } from './defang.ts';

export function findPatternObservables(text: string): ObservableCandidate[] {
  return longestNonOverlapping([
    ...findUrls(text),
    ...findEmails(text),
    ...findIpv4(text),
    ...findIpv6(text),
    ...findHashes(text),
    ...findWallets(text),
    ...findDomains(text),
    ...findHandles(text),
    ...findPlates(text),
  ]);
}
