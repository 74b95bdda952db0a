// Contract: the `users` facet — users, password hashes, sessions and API tokens.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { NewApiToken, NewUser } from '../../app/ports/users.ts';
import type { StoreTest } from './harness.ts';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T01:00:00.000Z';
const T2 = '2025-01-01T02:00:00.000Z';

function user(n: number, overrides: Partial<NewUser> = {}): NewUser {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    username: `user${n}`,
    displayName: `User ${n}`,
    roles: ['analyst'],
    clearance: 'S',
    compartments: ['SI'],
    disabled: false,
    mustChangePassword: false,
    createdAt: T0,
    updatedAt: T0,
    passwordHash: `hash-${n}`,
    ...overrides,
  };
}

function token(n: number, userId: string, overrides: Partial<NewApiToken> = {}): NewApiToken {
  return {
    id: `tok${n}`,
    userId,
    name: `token ${n}`,
    scopes: ['objects.read'],
    createdAt: T0,
    expiresAt: T2,
    revokedAt: null,
    tokenHash: `${'ab'.repeat(31)}${String(n).padStart(2, '0')}`,
    ...overrides,
  };
}

function withoutHash({ passwordHash: _hash, ...record }: NewUser): Omit<NewUser, 'passwordHash'> {
  return record;
}

export function usersContract(storeTest: StoreTest): void {
  describe('users', () => {
    storeTest('creates, finds, lists and counts users; a username is taken once', async ({ store }) => {
      const a = user(2, { username: 'bravo' });
      const b = user(1, { username: 'alpha', roles: ['oversight', 'administrator'], compartments: [] });
      assert.equal(await store.users.countUsers(), 0);
      await store.write(async (tx) => {
        assert.equal(await tx.users.createUser(a), 'created');
        assert.equal(await tx.users.createUser(b), 'created');
        assert.equal(await tx.users.createUser(user(3, { username: 'alpha' })), 'username-taken');
      });
      assert.equal(await store.users.countUsers(), 2);
      assert.deepEqual(await store.users.getUser(a.id), withoutHash(a));
      assert.deepEqual(await store.users.findUser('alpha'), withoutHash(b));
      assert.equal(await store.users.findUser('charlie'), null);
      assert.equal(await store.users.getUser(user(3).id), null);
      assert.deepEqual((await store.users.listUsers()).map((u) => u.username), ['alpha', 'bravo']);
      assert.equal(await store.users.passwordHashOf(a.id), 'hash-2');
      assert.equal(await store.users.passwordHashOf('nobody'), null);
    });

    storeTest('updates only the given fields; passwords change with their must-change flag', async ({ store }) => {
      const a = user(1);
      await store.write((tx) => tx.users.createUser(a));
      await store.write(async (tx) => {
        assert.equal(await tx.users.updateUser(a.id, { roles: ['oversight'], disabled: true }, T1), true);
        assert.equal(await tx.users.updateUser('nobody', { disabled: true }, T1), false);
      });
      assert.deepEqual(await store.users.getUser(a.id), { ...withoutHash(a), roles: ['oversight'], disabled: true, updatedAt: T1 });
      await store.write(async (tx) => {
        assert.equal(await tx.users.setPassword(a.id, 'new-hash', true, T2), true);
        assert.equal(await tx.users.setPassword('nobody', 'x', false, T2), false);
      });
      assert.equal(await store.users.passwordHashOf(a.id), 'new-hash');
      const after = await store.users.getUser(a.id);
      assert.equal(after?.mustChangePassword, true);
      assert.equal(after?.updatedAt, T2);
    });

    storeTest('a user without a password hash has none', async ({ store }) => {
      const a = user(1, { passwordHash: null });
      await store.write((tx) => tx.users.createUser(a));
      assert.equal(await store.users.passwordHashOf(a.id), null);
    });

    storeTest('sessions are found until they expire and end one by one or per user', async ({ store }) => {
      const a = user(1);
      const b = user(2);
      const s1 = { tokenHash: 'a1', userId: a.id, createdAt: T0, expiresAt: T1 };
      const s2 = { tokenHash: 'a2', userId: a.id, createdAt: T0, expiresAt: T2 };
      const s3 = { tokenHash: 'b1', userId: b.id, createdAt: T0, expiresAt: T2 };
      await store.write(async (tx) => {
        await tx.users.createUser(a);
        await tx.users.createUser(b);
        for (const s of [s1, s2, s3]) await tx.users.createSession(s);
      });
      assert.deepEqual(await store.users.findSession('a1', T0), s1);
      assert.equal(await store.users.findSession('a1', T1), null, 'a session expires at expiresAt');
      assert.equal(await store.users.findSession('zz', T0), null);
      assert.equal(await store.write((tx) => tx.users.deleteExpiredSessions(T1)), 1);
      assert.equal(await store.write((tx) => tx.users.deleteSession('a2')), true);
      assert.equal(await store.write((tx) => tx.users.deleteSession('a2')), false);
      await store.write((tx) => tx.users.createSession({ ...s2, tokenHash: 'a3' }));
      await store.write((tx) => tx.users.createSession({ ...s2, tokenHash: 'a4' }));
      assert.equal(await store.write((tx) => tx.users.deleteSessionsOf(a.id, 'a4')), 1);
      assert.notEqual(await store.users.findSession('a4', T0), null);
      assert.equal(await store.write((tx) => tx.users.deleteSessionsOf(a.id)), 1);
      assert.deepEqual(await store.users.findSession('b1', T0), s3, 'other users keep their sessions');
    });

    storeTest('API tokens are found by hash while neither revoked nor expired', async ({ store }) => {
      const a = user(1);
      const b = user(2);
      const t1 = token(1, a.id, { scopes: ['objects.read', 'objects.ingest'] });
      const t2 = token(2, b.id, { createdAt: T1 });
      await store.write(async (tx) => {
        await tx.users.createUser(a);
        await tx.users.createUser(b);
        await tx.users.createApiToken(t1);
        await tx.users.createApiToken(t2);
      });
      const { tokenHash: _h1, ...record1 } = t1;
      const { tokenHash: _h2, ...record2 } = t2;
      assert.deepEqual(await store.users.findApiToken(t1.tokenHash, T0), record1);
      assert.equal(await store.users.findApiToken(t1.tokenHash, T2), null, 'expired');
      assert.deepEqual(await store.users.getApiToken('tok2'), record2);
      assert.deepEqual((await store.users.listApiTokens()).map((t) => t.id), ['tok1', 'tok2']);
      assert.deepEqual((await store.users.listApiTokens(b.id)).map((t) => t.id), ['tok2']);
      assert.equal(await store.write((tx) => tx.users.revokeApiToken('tok1', T1)), true);
      assert.equal(await store.write((tx) => tx.users.revokeApiToken('tok1', T2)), false, 'revoked once');
      assert.equal(await store.write((tx) => tx.users.revokeApiToken('nope', T2)), false);
      assert.equal(await store.users.findApiToken(t1.tokenHash, T0), null);
      assert.equal((await store.users.getApiToken('tok1'))?.revokedAt, T1);
    });

    storeTest('a failed write leaves no user behind', async ({ store }) => {
      await assert.rejects(store.write(async (tx) => {
        await tx.users.createUser(user(1));
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.users.countUsers(), 0);
    });
  });
}
