// PostgreSQL facet `users`: internal users, sessions and API tokens (port: app/ports/users.ts;
// SQLite: storage/sqlite/users.ts, which this mirrors). Lists (roles, compartments, scopes)
// are JSONB arrays; timestamps are the port's fixed-width UTC text, byte-collated, so text
// comparison is time order. The methods that insert a row another row must exist for (a
// session's user) or that must be new (a user id) run as savepoint sections: a refused
// insert fails that call alone, as in SQLite, instead of dooming the write.
import type {
  ApiTokenRecord, CreateUserOutcome, NewUser, SessionRecord, UserChanges, UserRecord, UsersReads, UsersWrites,
} from '../../app/ports/users.ts';
import type { Clearance } from '../../domain/people/user.ts';
import type { Permission } from '../../domain/people/permissions.ts';
import type { Role } from '../../domain/warning/roles.ts';
import type { Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { requireStorable, storable } from './text.ts';
import { lookup, requireAll, run } from './statement.ts';

const SCHEMA_V1 = `
CREATE TABLE users (
  id                   text COLLATE "C" PRIMARY KEY,
  username             text COLLATE "C" NOT NULL UNIQUE,
  display_name         text    NOT NULL,
  roles                jsonb   NOT NULL,
  clearance            text    NOT NULL,
  compartments         jsonb   NOT NULL,
  disabled             boolean NOT NULL DEFAULT false,
  password_hash        text,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at           text COLLATE "C" NOT NULL,
  updated_at           text COLLATE "C" NOT NULL
);
CREATE TABLE user_sessions (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_id    text COLLATE "C" NOT NULL REFERENCES users (id),
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL
);
CREATE INDEX user_sessions_by_user ON user_sessions (user_id);
CREATE INDEX user_sessions_by_expiry ON user_sessions (expires_at);
CREATE TABLE api_tokens (
  id         text COLLATE "C" PRIMARY KEY,
  user_id    text COLLATE "C" NOT NULL REFERENCES users (id),
  name       text NOT NULL,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  scopes     jsonb NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  revoked_at text COLLATE "C"
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at, id);
`;

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly display_name: string;
  readonly roles: Role[];
  readonly clearance: string;
  readonly compartments: string[];
  readonly disabled: boolean;
  readonly must_change_password: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

interface SessionRow {
  readonly token_hash: string;
  readonly user_id: string;
  readonly created_at: string;
  readonly expires_at: string;
}

interface TokenRow {
  readonly id: string;
  readonly user_id: string;
  readonly name: string;
  readonly scopes: Permission[];
  readonly created_at: string;
  readonly expires_at: string;
  readonly revoked_at: string | null;
}

const USER_COLUMNS = 'id, username, display_name, roles, clearance, compartments, disabled, must_change_password, created_at, updated_at';
const TOKEN_COLUMNS = 'id, user_id, name, scopes, created_at, expires_at, revoked_at';

const Q = {
  getUser: { name: 'tl_users_get', text: `SELECT ${USER_COLUMNS} FROM users WHERE id = $1` },
  findUser: { name: 'tl_users_find', text: `SELECT ${USER_COLUMNS} FROM users WHERE username = $1` },
  listUsers: { name: 'tl_users_list', text: `SELECT ${USER_COLUMNS} FROM users ORDER BY username` },
  countUsers: { name: 'tl_users_count', text: 'SELECT count(*) AS n FROM users' },
  passwordHash: { name: 'tl_users_password', text: 'SELECT password_hash FROM users WHERE id = $1' },
  findSession: {
    name: 'tl_users_find_session',
    text: 'SELECT token_hash, user_id, created_at, expires_at FROM user_sessions WHERE token_hash = $1 AND expires_at > $2',
  },
  findToken: {
    name: 'tl_users_find_token',
    text: `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
  },
  getToken: { name: 'tl_users_get_token', text: `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1` },
  listTokens: { name: 'tl_users_list_tokens', text: `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id` },
  listTokensOf: { name: 'tl_users_list_tokens_of', text: `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id` },
  insertUser: {
    name: 'tl_users_insert',
    text: `INSERT INTO users (${USER_COLUMNS}, password_hash) VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11)`,
  },
  updateUser: {
    name: 'tl_users_update',
    text: `UPDATE users SET display_name = coalesce($2, display_name), roles = coalesce($3::jsonb, roles),
      clearance = coalesce($4, clearance), compartments = coalesce($5::jsonb, compartments),
      disabled = coalesce($6, disabled), updated_at = $7 WHERE id = $1 RETURNING id`,
  },
  setPassword: {
    name: 'tl_users_set_password',
    text: 'UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1 RETURNING id',
  },
  insertSession: {
    name: 'tl_users_insert_session',
    text: 'INSERT INTO user_sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
  },
  deleteSession: { name: 'tl_users_delete_session', text: 'DELETE FROM user_sessions WHERE token_hash = $1 RETURNING token_hash' },
  deleteSessionsOf: { name: 'tl_users_delete_sessions_of', text: 'DELETE FROM user_sessions WHERE user_id = $1 RETURNING token_hash' },
  deleteSessionsOfExcept: {
    name: 'tl_users_delete_sessions_except',
    text: 'DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2 RETURNING token_hash',
  },
  deleteExpired: { name: 'tl_users_delete_expired', text: 'DELETE FROM user_sessions WHERE expires_at <= $1 RETURNING token_hash' },
  insertToken: {
    name: 'tl_users_insert_token',
    text: `INSERT INTO api_tokens (${TOKEN_COLUMNS}, token_hash) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
  },
  revokeToken: {
    name: 'tl_users_revoke_token',
    text: 'UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
  },
} as const;




function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    clearance: row.clearance as Clearance,
    compartments: row.compartments,
    disabled: row.disabled,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSession(row: SessionRow): SessionRecord {
  return { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
}

function toToken(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}


function reads(sql: Sql, guard: Guard): UsersReads {
  return {
    async getUser(id) {
      guard();
      const [row] = await lookup<UserRow>(sql, Q.getUser, [id]);
      return row === undefined ? null : toUser(row);
    },
    async findUser(username) {
      guard();
      const [row] = await lookup<UserRow>(sql, Q.findUser, [username]);
      return row === undefined ? null : toUser(row);
    },
    async listUsers() {
      guard();
      return (await run<UserRow>(sql, Q.listUsers, [])).map(toUser);
    },
    async countUsers() {
      guard();
      const [row] = await run<{ n: number }>(sql, Q.countUsers, []);
      return row?.n ?? 0;
    },
    async passwordHashOf(userId) {
      guard();
      const [row] = await lookup<{ password_hash: string | null }>(sql, Q.passwordHash, [userId]);
      return row?.password_hash ?? null;
    },
    async findSession(tokenHash, now) {
      guard();
      const [row] = await lookup<SessionRow>(sql, Q.findSession, [tokenHash, now]);
      return row === undefined ? null : toSession(row);
    },
    async findApiToken(tokenHash, now) {
      guard();
      const [row] = await lookup<TokenRow>(sql, Q.findToken, [tokenHash, now]);
      return row === undefined ? null : toToken(row);
    },
    async getApiToken(id) {
      guard();
      const [row] = await lookup<TokenRow>(sql, Q.getToken, [id]);
      return row === undefined ? null : toToken(row);
    },
    async listApiTokens(userId) {
      guard();
      const rows = userId === undefined ? await run<TokenRow>(sql, Q.listTokens, []) : await lookup<TokenRow>(sql, Q.listTokensOf, [userId]);
      return rows.map(toToken);
    },
  };
}

function writes(tx: TxSql, guard: Guard): UsersWrites {
  return {
    ...reads(tx, guard),
    async createUser(user: NewUser): Promise<CreateUserOutcome> {
      guard();
      requireAll('user', [user.id, user.username, user.displayName, user.clearance, user.createdAt, user.updatedAt, user.passwordHash,
        ...user.roles, ...user.compartments]);
      return tx.atomic(async () => {
        if ((await run(tx, Q.findUser, [user.username])).length > 0) return 'username-taken';
        await run(tx, Q.insertUser, [
          user.id, user.username, user.displayName, JSON.stringify(user.roles), user.clearance, JSON.stringify(user.compartments),
          user.disabled, user.mustChangePassword, user.createdAt, user.updatedAt, user.passwordHash,
        ]);
        return 'created';
      });
    },
    async updateUser(id: string, changes: UserChanges, updatedAt: string) {
      guard();
      if (!storable(id)) return false;
      requireAll('user change', [changes.displayName ?? null, changes.clearance ?? null, updatedAt, ...(changes.roles ?? []), ...(changes.compartments ?? [])]);
      const rows = await run(tx, Q.updateUser, [
        id,
        changes.displayName ?? null,
        changes.roles === undefined ? null : JSON.stringify(changes.roles),
        changes.clearance ?? null,
        changes.compartments === undefined ? null : JSON.stringify(changes.compartments),
        changes.disabled ?? null,
        updatedAt,
      ]);
      return rows.length > 0;
    },
    async setPassword(id, passwordHash, mustChange, updatedAt) {
      guard();
      if (!storable(id)) return false;
      requireAll('password change', [passwordHash, updatedAt]);
      return (await run(tx, Q.setPassword, [id, passwordHash, mustChange, updatedAt])).length > 0;
    },
    async createSession(session) {
      guard();
      requireAll('session', [session.tokenHash, session.userId, session.createdAt, session.expiresAt]);
      await tx.atomic(() => run(tx, Q.insertSession, [session.tokenHash, session.userId, session.createdAt, session.expiresAt]));
    },
    async deleteSession(tokenHash) {
      guard();
      return (await lookup(tx, Q.deleteSession, [tokenHash])).length > 0;
    },
    async deleteSessionsOf(userId, keepTokenHash) {
      guard();
      const rows = keepTokenHash === undefined
        ? await lookup(tx, Q.deleteSessionsOf, [userId])
        // A hash no session can have keeps none: every session of the user ends.
        : storable(keepTokenHash) ? await lookup(tx, Q.deleteSessionsOfExcept, [userId, keepTokenHash]) : await lookup(tx, Q.deleteSessionsOf, [userId]);
      return rows.length;
    },
    async deleteExpiredSessions(now) {
      guard();
      requireStorable('now', now);
      return (await run(tx, Q.deleteExpired, [now])).length;
    },
    async createApiToken(token) {
      guard();
      requireAll('API token', [token.id, token.userId, token.name, token.createdAt, token.expiresAt, token.revokedAt, token.tokenHash, ...token.scopes]);
      await tx.atomic(() => run(tx, Q.insertToken, [
        token.id, token.userId, token.name, JSON.stringify(token.scopes), token.createdAt, token.expiresAt, token.revokedAt, token.tokenHash,
      ]));
    },
    async revokeApiToken(id, revokedAt) {
      guard();
      if (!storable(id)) return false;
      requireStorable('revokedAt', revokedAt);
      return (await run(tx, Q.revokeToken, [id, revokedAt])).length > 0;
    },
  };
}

export const usersFacet: PgFacet<UsersReads, UsersWrites> = {
  name: 'users',
  migrations: [{ version: 1, name: 'users, sessions and API tokens', sql: SCHEMA_V1 }],
  reads,
  writes,
};
