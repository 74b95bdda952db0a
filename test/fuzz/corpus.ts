// Real material to mutate: the OASIS STIX examples, ATT&CK ICS, the MISP events, the
// AnnoCTR and synthetic report texts in ../shared/data, plus a few built-in seeds so every
// target still has something to work on when the shared data is absent.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA } from '../support/sharedData.ts';
import type { JsonValue } from './mutate.ts';

export interface Corpus {
  /** Whether ../shared/data was found; when false only the built-in seeds are here. */
  readonly shared: boolean;
  /** Single STIX objects. */
  readonly stixObjects: readonly JsonValue[];
  /** Whole small bundles, parsed. */
  readonly stixBundles: readonly JsonValue[];
  readonly patterns: readonly string[];
  readonly mispEvents: readonly JsonValue[];
  /** MISP attributes (type, value, category, comment) for CSV rows. */
  readonly attributes: readonly { readonly type: string; readonly value: string; readonly comment: string }[];
  readonly texts: readonly string[];
}

const BUILT_IN_OBJECTS: JsonValue[] = [
  { type: 'identity', spec_version: '2.1', id: 'identity--4f1c3a52-5d6e-4f70-8a91-b2c3d4e5f601', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Example Org', identity_class: 'organization' },
  { type: 'indicator', spec_version: '2.1', id: 'indicator--6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', created: '2024-01-02T00:00:00.000Z', modified: '2024-01-02T00:00:00.000Z', created_by_ref: 'identity--4f1c3a52-5d6e-4f70-8a91-b2c3d4e5f601', name: 'Bad domain', pattern: "[domain-name:value = 'bad.example']", pattern_type: 'stix', valid_from: '2024-01-02T00:00:00Z', object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'] },
  { type: 'malware', spec_version: '2.1', id: 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: '2024-01-03T00:00:00.000Z', modified: '2024-01-03T00:00:00.000Z', name: 'Cryptolocker', is_family: true, kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'installation' }] },
  { type: 'relationship', spec_version: '2.1', id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad', created: '2024-01-04T00:00:00.000Z', modified: '2024-01-04T00:00:00.000Z', relationship_type: 'indicates', source_ref: 'indicator--6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', target_ref: 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061' },
  { type: 'file', spec_version: '2.1', id: 'file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d', name: 'evil.exe', hashes: { 'SHA-256': 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:GREEN', definition: { tlp: 'green' } },
];

const BUILT_IN_EVENT: JsonValue = {
  Event: {
    uuid: '5a3c2fcd-8328-42bb-a95e-4f4402de0b81', info: 'Phishing campaign', date: '2024-01-05', timestamp: '1704412800', threat_level_id: '2', analysis: '1',
    Orgc: { name: 'CIRCL', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f' },
    Tag: [{ name: 'tlp:amber' }, { name: 'misp-galaxy:threat-actor="APT28"' }],
    Attribute: [
      { uuid: '5a3c2fcd-0001-42bb-a95e-4f4402de0b81', type: 'ip-dst', category: 'Network activity', value: '198.51.100.7', to_ids: true, timestamp: '1704412800', comment: 'c2' },
      { uuid: '5a3c2fcd-0002-42bb-a95e-4f4402de0b81', type: 'filename|md5', category: 'Payload delivery', value: 'evil.doc|0123456789abcdef0123456789abcdef', to_ids: true, timestamp: '1704412800' },
    ],
    Object: [{ name: 'domain-ip', uuid: '5a3c2fcd-0003-42bb-a95e-4f4402de0b81', Attribute: [{ uuid: '5a3c2fcd-0004-42bb-a95e-4f4402de0b81', object_relation: 'domain', type: 'domain', value: 'evil.example.com', timestamp: '1704412800' }] }],
  },
};

/** Patterns covering the grammar (STIX 2.1 §9): every operator, qualifier and literal kind. */
export const SEED_PATTERNS: readonly string[] = [
  "[domain-name:value = 'bad.example']",
  "[ipv4-addr:value = '198.51.100.1/32'] OR [ipv6-addr:value ISSUBSET '2001:db8::/32']",
  "[file:hashes.'SHA-256' = 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' AND file:size > 1024]",
  "[email-message:from_ref.value MATCHES '.+@example\\\\.com$'] FOLLOWEDBY [url:value LIKE 'http://%']",
  "([network-traffic:dst_port IN (80, 443, 8080)] AND [network-traffic:protocols[*] = 'tcp']) WITHIN 300 SECONDS",
  "[file:created > t'2016-01-01T00:00:00Z'] START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00.123Z'",
  "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\System' AND windows-registry-key:values[0].data NOT = 'x'] REPEATS 5 TIMES",
  "[artifact:payload_bin = b'aGVsbG8='] OR [artifact:hashes.MD5 = h'0123456789abcdef0123456789abcdef']",
  "[process:extensions.'windows-process-ext'.aslr_enabled = true AND process:pid <= 4]",
  "[x-custom-type:x_prop.nested[*].value != -1.5e3]",
];

let cached: Corpus | undefined;

export function loadCorpus(): Corpus {
  cached ??= readCorpus();
  return cached;
}

function readCorpus(): Corpus {
  const shared = existsSync(SHARED_DATA);
  const stixObjects: JsonValue[] = [...BUILT_IN_OBJECTS];
  const stixBundles: JsonValue[] = [{ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: BUILT_IN_OBJECTS }];
  const patterns = new Set(SEED_PATTERNS);
  const mispEvents: JsonValue[] = [];
  const attributes: { type: string; value: string; comment: string }[] = [];
  const texts: string[] = ['TOP SECRET//NOFORN\n(S//REL TO USA, FVEY) On 3 March 2024 the group APT28 used 198.51.100.7 and evil.example.com against Kyiv.\nTLP:AMBER+STRICT'];
  if (shared) {
    const examples = join(SHARED_DATA, 'stix-examples');
    for (const name of listFiles(examples, '.json')) {
      const bundle = readJson(join(examples, name)) as { objects?: JsonValue[] };
      stixBundles.push(bundle as JsonValue);
      stixObjects.push(...(bundle.objects ?? []));
    }
    const ics = readJson(join(SHARED_DATA, 'attack', 'ics-attack-18.1.json')) as { objects?: JsonValue[] } | undefined;
    // Every 8th ATT&CK ICS object: every type appears, the corpus stays small.
    stixObjects.push(...(ics?.objects ?? []).filter((_, i) => i % 8 === 0));
    for (const object of stixObjects) {
      const pattern = (object as { pattern?: unknown } | null)?.pattern;
      if (typeof pattern === 'string') patterns.add(pattern);
    }
    const events = join(SHARED_DATA, 'misp', 'events');
    for (const name of listFiles(events, '.json')) {
      const event = readJson(join(events, name)) as JsonValue;
      mispEvents.push(event);
      const list = ((event as { Event?: { Attribute?: { type?: unknown; value?: unknown; comment?: unknown }[] } }).Event?.Attribute ?? []);
      for (const a of list) {
        if (typeof a.type === 'string' && typeof a.value === 'string') attributes.push({ type: a.type, value: a.value, comment: typeof a.comment === 'string' ? a.comment : '' });
      }
    }
    const annoctr = join(SHARED_DATA, 'text', 'annoctr-train', 'text');
    for (const name of listFiles(annoctr, '.txt')) texts.push(readFileSync(join(annoctr, name), 'utf8'));
    const reports = join(SHARED_DATA, 'reports');
    for (const name of listFiles(reports, '.txt')) texts.push(readFileSync(join(reports, name), 'utf8'));
  }
  if (mispEvents.length === 0) mispEvents.push(BUILT_IN_EVENT);
  if (attributes.length === 0) {
    attributes.push({ type: 'ip-dst', value: '198.51.100.7', comment: 'c2' }, { type: 'domain', value: 'evil.example.com', comment: '' }, { type: 'md5', value: '0123456789abcdef0123456789abcdef', comment: 'dropper' });
  }
  return { shared, stixObjects, stixBundles, patterns: [...patterns], mispEvents, attributes, texts };
}

function listFiles(dir: string, suffix: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(suffix)).sort() : [];
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}
