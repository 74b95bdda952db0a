import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../warning/roles.ts';
import { PERMISSIONS, ROLE_PERMISSIONS, permissionsOf, rolesGranting } from './permissions.ts';
import { checkProfile } from './user.ts';
import { MIN_PASSWORD_LENGTH, passwordProblems } from './passwordRules.ts';

describe('role permissions', () => {
  test('every role maps to known permissions only, and every permission is granted to someone', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) assert.ok(PERMISSIONS.includes(p), `${role}: ${p}`);
    for (const p of PERMISSIONS) assert.ok(rolesGranting(p).length > 0, `${p} is granted to no role`);
  });

  test('oversight reads everything, waivers and the audit log included, and changes nothing (DOMAIN.md §1)', () => {
    const oversight = permissionsOf(['oversight']);
    for (const p of ['objects.read', 'warnings.read', 'waivers.read', 'audit.read'] as const) assert.ok(oversight.has(p), p);
    for (const p of ['objects.ingest', 'warnings.draft', 'warnings.decide', 'warnings.deliver', 'users.manage', 'partners.manage'] as const) {
      assert.ok(!oversight.has(p), `oversight must not have ${p}`);
    }
  });

  test('the drafter is not the decider, and an administrator holds no workflow authority', () => {
    assert.ok(!permissionsOf(['analyst']).has('warnings.decide'));
    const admin = permissionsOf(['administrator']);
    for (const p of ['warnings.draft', 'warnings.decide', 'warnings.deliver', 'objects.ingest'] as const) assert.ok(!admin.has(p), p);
    assert.ok(admin.has('users.manage'));
  });

  test('permissions of several roles add up', () => {
    const both = permissionsOf(['analyst', 'delivery_officer']);
    assert.ok(both.has('objects.ingest') && both.has('warnings.deliver'));
  });
});

describe('user profiles', () => {
  test('normalises username, compartments and roles', () => {
    const result = checkProfile({ username: '  Alice.Smith ', roles: ['analyst', 'analyst'], clearance: 'S', compartments: ['si', ' tk ', 'SI', 'hcs  p'] });
    assert.ok(result.ok);
    assert.deepEqual(result.profile, { username: 'alice.smith', displayName: 'alice.smith', roles: ['analyst'], clearance: 'S', compartments: ['HCS P', 'SI', 'TK'] });
  });

  test('reports every problem with its field', () => {
    const result = checkProfile({ username: '1x', displayName: '', roles: ['wizard'], clearance: 'SECRET', compartments: ['ok', '', 5] });
    assert.ok(!result.ok);
    const fields = result.issues.map((i) => i.field);
    for (const f of ['username', 'displayName', 'roles', 'clearance', 'compartments'] as const) assert.ok(fields.includes(f), f);
    assert.ok(!checkProfile({ username: 'bob', roles: [], clearance: 'U' }).ok, 'a user needs a role');
  });
});

describe('password rules', () => {
  test('length in characters, not bytes; not the username; no control characters', () => {
    assert.deepEqual(passwordProblems('x'.repeat(MIN_PASSWORD_LENGTH), 'alice'), []);
    assert.deepEqual(passwordProblems('x'.repeat(MIN_PASSWORD_LENGTH - 1), 'alice'), ['too-short']);
    assert.deepEqual(passwordProblems('ü'.repeat(MIN_PASSWORD_LENGTH), 'alice'), [], 'twelve characters, 24 bytes');
    assert.deepEqual(passwordProblems('Alexander.Hamilton', 'alexander.hamilton'), ['same-as-username']);
    assert.deepEqual(passwordProblems('correct horse\nbattery', 'alice'), ['control-characters']);
  });
});
