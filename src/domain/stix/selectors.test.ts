import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolvesSelector, selectContent } from './selectors.ts';

// The worked example of STIX 2.1 §7.2.3.1.
const vulnerability = {
  id: 'vulnerability--ee916c28-c7a4-4d0d-ad56-a8d357f89fef',
  type: 'vulnerability',
  name: 'CVE-2014-0160',
  description: 'The (1) TLS...',
  external_references: [{ source_name: 'cve', external_id: 'CVE-2014-0160' }],
  labels: ['heartbleed', 'has-logo'],
};

test('the valid selectors of §7.2.3.1 resolve to the content they name', () => {
  assert.equal(selectContent(vulnerability, 'description'), 'The (1) TLS...');
  assert.equal(selectContent(vulnerability, 'external_references.[0].source_name'), 'cve');
  assert.equal(selectContent(vulnerability, 'labels.[0]'), 'heartbleed');
  assert.deepEqual(selectContent(vulnerability, 'labels'), ['heartbleed', 'has-logo']);
  assert.ok(resolvesSelector(vulnerability, 'external_references'));
});

test('the invalid selectors of §7.2.3.1 do not resolve', () => {
  for (const selector of ['pattern', 'external_references.[3]', 'description.[0]', 'labels.name', '', 'labels.', '.labels', 'labels.[-1]', 'labels[0]']) {
    assert.equal(resolvesSelector(vulnerability, selector), false, selector);
  }
});

/** Every selector that names content of `value`, with that content (§7.2.3.1 syntax). */
function allSelectors(value: unknown, prefix: string, out: [string, unknown][]): [string, unknown][] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const selector = `${prefix === '' ? '' : prefix + '.'}[${i}]`;
      out.push([selector, item]);
      allSelectors(item, selector, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const selector = prefix === '' ? key : `${prefix}.${key}`;
      out.push([selector, item]);
      allSelectors(item, selector, out);
    }
  }
  return out;
}

test('every path into an object is a selector that resolves to the content at that path (property)', () => {
  const key = fc.stringMatching(/^[a-z_]{1,6}$/);
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), tie('list'), tie('object')),
    list: fc.array(tie('tree'), { maxLength: 4 }),
    object: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
  }));
  const root = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 });
  fc.assert(fc.property(root, (object) => {
    for (const [selector, content] of allSelectors(object, '', [])) {
      assert.deepEqual(selectContent(object, selector), content, selector);
    }
    assert.equal(resolvesSelector(object, 'zzzzzzz'), false, 'keys are at most 6 characters');
  }));
});
