// Cryptocurrency wallet addresses, checked where the checksum can be checked with node's
// crypto: Bitcoin/Litecoin base58check and bech32/bech32m, TRON base58check. Ethereum and
// Monero checksums use Keccak, which node does not ship: those are matched by shape only.
import { createHash } from 'node:crypto';
import type { ObservableCandidate } from './types.ts';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

const PATTERNS: readonly { readonly re: RegExp; readonly currency: string; readonly check: (s: string) => boolean }[] = [
  { re: /(?<![\w])(?:bc1|tb1)[02-9ac-hj-np-z]{11,71}(?![\w])/gi, currency: 'BTC', check: (s) => bech32Valid(s.toLowerCase()) },
  { re: /(?<![\w])ltc1[02-9ac-hj-np-z]{11,71}(?![\w])/gi, currency: 'LTC', check: (s) => bech32Valid(s.toLowerCase()) },
  { re: /(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])/g, currency: 'BTC', check: (s) => base58CheckVersion(s, [0x00, 0x05]) },
  { re: /(?<![\w])[LM][1-9A-HJ-NP-Za-km-z]{26,33}(?![\w])/g, currency: 'LTC', check: (s) => base58CheckVersion(s, [0x30, 0x32]) },
  { re: /(?<![\w])T[1-9A-HJ-NP-Za-km-z]{33}(?![\w])/g, currency: 'TRX', check: (s) => base58CheckVersion(s, [0x41]) },
  { re: /(?<![\w])0x[0-9a-fA-F]{40}(?![\w])/g, currency: 'ETH', check: () => true },
  { re: /(?<![\w])[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}(?![\w])/g, currency: 'XMR', check: () => true },
];

export function findWallets(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const { re, currency, check } of PATTERNS) {
    for (const match of text.matchAll(re)) {
      if (!check(match[0])) continue;
      found.push({ start: match.index, end: match.index + match[0].length, value: { type: 'cryptocurrency-wallet', value: match[0], qualifier: currency } });
    }
  }
  return found;
}

function base58Decode(text: string): Buffer | null {
  let value = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return null;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Buffer.from(bytes);
}

function base58CheckVersion(text: string, versions: readonly number[]): boolean {
  const bytes = base58Decode(text);
  if (bytes === null || bytes.length !== 25) return false;
  const payload = bytes.subarray(0, 21);
  const checksum = bytes.subarray(21);
  const digest = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return digest.subarray(0, 4).equals(checksum) && versions.includes(bytes[0] ?? -1);
}

/** BIP-173 / BIP-350: bech32 (constant 1) or bech32m (constant 0x2bc830a3). */
function bech32Valid(address: string): boolean {
  const separator = address.lastIndexOf('1');
  if (separator < 1 || address.length - separator - 1 < 6) return false;
  const hrp = address.slice(0, separator);
  const data: number[] = [];
  for (const ch of address.slice(separator + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const values = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...data];
  const polymod = bech32Polymod(values);
  return polymod === 1 || polymod === 0x2bc830a3;
}

function bech32Polymod(values: readonly number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ (generators[i] ?? 0)) >>> 0;
  }
  return chk;
}
