// Every STIX pattern in the official OASIS example bundles parses, and survives a round trip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatPattern, parsePattern } from './index.ts';

const examples = fileURLToPath(new URL('../../../../../shared/data/stix-examples/', import.meta.url));

interface BundleLike {
  readonly objects?: readonly { readonly type?: string; readonly pattern?: unknown; readonly pattern_type?: unknown }[];
}

test('every stix pattern in the OASIS example bundles parses and round-trips', (t) => {
  if (!existsSync(examples)) {
    t.skip(`shared data absent: ${examples}`);
    return;
  }
  const patterns: string[] = [];
  for (const file of readdirSync(examples).filter((name) => name.endsWith('.json'))) {
    const bundle = JSON.parse(readFileSync(`${examples}${file}`, 'utf8')) as BundleLike;
    for (const object of bundle.objects ?? []) {
      if (object.type === 'indicator' && object.pattern_type === 'stix' && typeof object.pattern === 'string') patterns.push(object.pattern);
    }
  }
  // The README of the examples counts 42 indicators; all of them use STIX patterns.
  assert.equal(patterns.length, 42);
  for (const pattern of patterns) {
    const result = parsePattern(pattern);
    if (!result.ok) assert.fail(`${pattern}: ${result.error.message}`);
    const formatted = formatPattern(result.ast);
    const again = parsePattern(formatted);
    assert.ok(again.ok, formatted);
    assert.deepEqual(again.ast, result.ast);
    // These bundles are already written in canonical form.
    assert.equal(formatted, pattern);
  }
});
