// Who may do what with a collection, per the TAXII 2.1 endpoint tables (§5.3-§5.8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAccess, type Need } from './access.ts';

test('the decision for every need and every pair of rights', () => {
  const table: Record<Need, [string, string, string, string]> = {
    // rights:  none         read only    write only   both
    see: ['not-found', 'allow', 'allow', 'allow'],
    read: ['not-found', 'allow', 'forbidden', 'allow'],
    write: ['not-found', 'forbidden', 'allow', 'allow'],
    // §5.7's table exactly: false/false 404, one of them 403, both allowed.
    delete: ['not-found', 'forbidden', 'forbidden', 'allow'],
  };
  const rights = [{ canRead: false, canWrite: false }, { canRead: true, canWrite: false }, { canRead: false, canWrite: true }, { canRead: true, canWrite: true }];
  for (const [need, expected] of Object.entries(table) as [Need, string[]][]) {
    assert.deepEqual(rights.map((r) => decideAccess(need, r)), expected, need);
    assert.equal(decideAccess(need, null), 'not-found', `${need}: no such collection`);
  }
});
