// File hashes by length: MD5 (32 hex), SHA-1 (40), SHA-256 (64), SHA-512 (128). STIX 2.1
// §10.7 hash-algorithm-ov names them 'MD5', 'SHA-1', 'SHA-256', 'SHA-512'.
import type { ObservableCandidate } from './types.ts';

const HEX_RUN = /(?<![0-9A-Za-z_])[0-9A-Fa-f]{32,128}(?![0-9A-Za-z_])/g;
const BY_LENGTH: Readonly<Record<number, string>> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };

export function findHashes(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(HEX_RUN)) {
    const algorithm = BY_LENGTH[match[0].length];
    if (algorithm === undefined) continue;
    // A hash has both letters and digits; a run of one kind is an id or a number.
    if (!/[a-f]/i.test(match[0]) || !/\d/.test(match[0])) continue;
    // "0x" + 40 hex is an Ethereum address, not a SHA-1.
    if (text.slice(Math.max(0, match.index - 2), match.index).toLowerCase() === '0x') continue;
    found.push({ start: match.index, end: match.index + match[0].length, value: { type: 'file', value: match[0].toLowerCase(), qualifier: algorithm } });
  }
  return found;
}
