// Real third-party STIX 2.1 content MUST validate with zero errors: the 11 OASIS example
// bundles and MITRE ATT&CK v18.1 (Enterprise and ICS). Skips when shared/data is absent.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBundle, type BundleValidation } from './index.ts';

const DATA = new URL('../../../../../shared/data/', import.meta.url);

function readBundle(url: URL): { objects: unknown[] } {
  const bytes = readFileSync(url);
  const text = url.pathname.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return JSON.parse(text) as { objects: unknown[] };
}

function countByCode(result: BundleValidation): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const warning of result.warnings) counts[warning.code] = (counts[warning.code] ?? 0) + 1;
  return counts;
}

test('the OASIS STIX 2.1 example bundles validate with zero errors and zero warnings', (t) => {
  const folder = new URL('stix-examples/', DATA);
  if (!existsSync(folder)) return t.skip(`shared data absent: ${folder.pathname}`);
  let objects = 0;
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.json')).sort()) {
    const bundle = readBundle(new URL(name, folder));
    const result = validateBundle(bundle);
    assert.deepEqual(result.errors, [], name);
    assert.deepEqual(result.warnings, [], name);
    assert.equal(result.objects.length, bundle.objects.length, name);
    objects += result.objects.length;
  }
  assert.equal(objects, 293);
});

/**
 * The warnings ATT&CK draws, all SHOULD-level: relationship types STIX does not list
 * (§5.1.2: `subtechnique-of`, `revoked-by`, and tool `uses` attack-pattern, which §4.18.2
 * does not define), and, for the assembled Enterprise bundle, a UUIDv5 bundle id (§2.9).
 */
const ATTACK_WARNINGS = new Set(['unlisted-relationship-type', 'uuid-not-v4']);

for (const [file, count] of [['enterprise-attack-18.1.json.gz', 24_772], ['ics-attack-18.1.json', 1_826]] as const) {
  test(`ATT&CK ${file} validates with zero errors`, (t) => {
    const url = new URL(`attack/${file}`, DATA);
    if (!existsSync(url)) return t.skip(`shared data absent: ${url.pathname}`);
    const result = validateBundle(readBundle(url));
    assert.deepEqual(result.errors, []);
    assert.equal(result.objects.length, count);
    const warnings = countByCode(result);
    t.diagnostic(`warnings: ${JSON.stringify(warnings)}`);
    for (const code of Object.keys(warnings)) assert.ok(ATTACK_WARNINGS.has(code), code);
    for (const warning of result.warnings) {
      if (warning.code === 'uuid-not-v4') assert.equal(warning.path, 'id', 'only the bundle id');
    }
  });
}
