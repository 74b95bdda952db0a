// Seeded synthetic STIX objects for benchmarks: the same seed gives the same objects, so
// figures from different runs and machines compare like with like.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { StixObject } from '../src/domain/stix/object.ts';

/** mulberry32: tiny, fast, good enough for test data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid4(random: () => number): string {
  const hex = (n: number): string => Math.floor(random() * 16 ** n).toString(16).padStart(n, '0');
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

const WORDS = ['shrine', 'convoy', 'cell', 'courier', 'market', 'checkpoint', 'bridge', 'embassy', 'safehouse', 'network', 'drone', 'handler', 'border', 'port', 'relay'];

function words(random: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) out.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  return out.join(' ');
}

/**
 * Yields `count` valid STIX 2.1 objects: identities first, then a mix of indicators,
 * malware, intrusion sets and relationships whose references point at earlier objects.
 */
export function* syntheticObjects(count: number, seed = 42): Generator<StixObject> {
  const random = seededRandom(seed);
  const identities: string[] = [];
  const targets: string[] = [];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i += 1) {
    const stamp = new Date(base + i * 1000).toISOString();
    const common = { spec_version: '2.1', created: stamp, modified: stamp };
    if (i < 50) {
      const id = `identity--${uuid4(random)}`;
      identities.push(id);
      yield { type: 'identity', id, ...common, name: `Org ${i} ${words(random, 2)}`, identity_class: 'organization' };
      continue;
    }
    const creator = identities[Math.floor(random() * identities.length)] as string;
    const roll = random();
    if (roll < 0.55) {
      const id = `indicator--${uuid4(random)}`;
      const octets = [1 + Math.floor(random() * 223), Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256)];
      targets.push(id);
      yield {
        type: 'indicator', id, ...common, created_by_ref: creator,
        name: `Indicator ${i}`, description: `Seen near the ${words(random, 6)}.`,
        indicator_types: ['malicious-activity'],
        pattern: `[ipv4-addr:value = '${octets.join('.')}']`, pattern_type: 'stix', valid_from: stamp,
        labels: [words(random, 1)], confidence: Math.floor(random() * 101),
      };
    } else if (roll < 0.7) {
      const id = `malware--${uuid4(random)}`;
      targets.push(id);
      yield { type: 'malware', id, ...common, created_by_ref: creator, name: `Malware ${i}`, is_family: random() < 0.5, description: words(random, 12) };
    } else if (roll < 0.8) {
      const id = `intrusion-set--${uuid4(random)}`;
      targets.push(id);
      yield { type: 'intrusion-set', id, ...common, created_by_ref: creator, name: `Group ${i}`, aliases: [words(random, 2), words(random, 2)], description: words(random, 20) };
    } else if (targets.length >= 2) {
      const source = targets[Math.floor(random() * targets.length)] as string;
      const target = targets[Math.floor(random() * targets.length)] as string;
      yield { type: 'relationship', id: `relationship--${uuid4(random)}`, ...common, created_by_ref: creator, relationship_type: 'related-to', source_ref: source, target_ref: target };
    } else {
      yield { type: 'identity', id: `identity--${uuid4(random)}`, ...common, name: `Org ${i}`, identity_class: 'organization' };
    }
  }
}

/** `count` synthetic objects as NDJSON in a file at `path` (what a feed delivers), written a megabyte at a time. */
export function writeSyntheticNdjson(path: string, count: number): string {
  const fd = openSync(path, 'w');
  let chunk = '';
  for (const object of syntheticObjects(count)) {
    chunk += `${JSON.stringify(object)}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  return path;
}
