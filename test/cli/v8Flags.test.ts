// The V8 flags of bin/v8-flags.mjs stand in three places that cannot share a constant: the
// shebang of the CLI, package.json's scripts, and (imported) the benchmark runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { V8_FLAGS } from '../../bin/v8-flags.mjs';

const root = new URL('../../', import.meta.url);

test('the CLI shebang and the npm scripts run node with the flags of bin/v8-flags.mjs', () => {
  assert.ok(V8_FLAGS.length > 0);
  const shebang = readFileSync(new URL('bin/tearline.mjs', root), 'utf8').split('\n')[0];
  assert.equal(shebang, `#!/usr/bin/env -S node ${V8_FLAGS.join(' ')}`);
  const scripts = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const name of ['start', 'tearline']) {
    assert.equal(scripts[name]?.startsWith(`node ${V8_FLAGS.join(' ')} bin/tearline.mjs`), true, `npm run ${name}: ${scripts[name]}`);
  }
});
