// SQLite facet `users`: internal users, sessions and API tokens (port: app/ports/users.ts).
// Lists (roles, compartments, scopes) are JSON text; booleans are 0/1; timestamps are the
// port's fixed-width UTC text, so text comparison is time order.
import type Database from 'better-sqlite3';
import type {
  ApiTokenRecord, CreateUserOutcome, NewUser, SessionRecord, UserChanges, UserRecord, UsersReads, UsersWrites,
} from '../../app/ports/users.ts';
import type { Clearance } from '../../domain/people/user.ts';
import type { Permission } from '../../domain/people/permissions.ts';
import type { Role } from '../../domain/warning/roles.ts';
import type { Connection } from './connection.ts';
import type { Guard, SqliteFacet } from './facets.ts';

const SCHEMA_V1 = `
CREATE TABLE users (
  id                   TEXT    PRIMARY KEY,
  username             TEXT    NOT NULL UNIQUE,
  display_name         TEXT    NOT NULL,
  roles                TEXT    NOT NULL,
  clearance            TEXT    NOT NULL,
  compartments         TEXT    NOT NULL,
  disabled             INTEGER NOT NULL DEFAULT 0,
  password_hash        TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at           TEXT    NOT NULL,
  updated_at           TEXT    NOT NULL
);
CREATE TABLE user_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX user_sessions_by_user ON user_sessions (user_id);
CREATE INDEX user_sessions_by_expiry ON user_sessions (expires_at);
CREATE TABLE api_tokens (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at, id);
`;

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly display_name: string;
  readonly roles: string;
  readonly clearance: string;
  readonly compartments: string;
  readonly disabled: number;
  readonly must_change_password: number;
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
  readonly scopes: string;
  readonly created_at: string;
  readonly expires_at: string;
  readonly revoked_at: string | null;
}

const USER_COLUMNS = 'id, username, display_name, roles, clearance, compartments, disabled, must_change_password, created_at, updated_at';
const TOKEN_COLUMNS = 'id, user_id, name, scopes, created_at, expires_at, revoked_at';

interface Statements {
  readonly getUser: Database.Statement;
  readonly findUser: Database.Statement;
  readonly listUsers: Database.Statement;
  readonly countUsers: Database.Statement;
  readonly passwordHash: Database.Statement;
  readonly findSession: Database.Statement;
  readonly findToken: Database.Statement;
  readonly getToken: Database.Statement;
  readonly listTokens: Database.Statement;
  readonly listTokensOf: Database.Statement;
  readonly insertUser: Database.Statement;
  readonly updateUser: Database.Statement;
  readonly setPassword: Database.Statement;
  readonly insertSession: Database.Statement;
  readonly deleteSession: Database.Statement;
  readonly deleteSessionsOf: Database.Statement;
  readonly deleteSessionsOfExcept: Database.Statement;
  readonly deleteExpired: Database.Statement;
  readonly insertToken: Database.Statement;
  readonly revokeToken: Database.Statement;
}

function prepareStatements(db: Connection): Statements {
  return {
    getUser: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
    findUser: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`),
    listUsers: db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`),
    countUsers: db.prepare('SELECT count(*) FROM users').pluck(),
    passwordHash: db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck(),
    findSession: db.prepare('SELECT token_hash, user_id, created_at, expires_at FROM user_sessions WHERE token_hash = ? AND expires_at > ?'),
    findToken: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`),
    getToken: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = ?`),
    listTokens: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id`),
    listTokensOf: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`),
    insertUser: db.prepare(`INSERT INTO users (${USER_COLUMNS}, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateUser: db.prepare(`UPDATE users SET display_name = ?, roles = ?, clearance = ?, compartments = ?, disabled = ?, updated_at = ? WHERE id = ?`),
    setPassword: db.prepare('UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?'),
    insertSession: db.prepare('INSERT INTO user_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    deleteSession: db.prepare('DELETE FROM user_sessions WHERE token_hash = ?'),
    deleteSessionsOf: db.prepare('DELETE FROM user_sessions WHERE user_id = ?'),
    deleteSessionsOfExcept: db.prepare('DELETE FROM user_sessions WHERE user_id = ? AND token_hash <> ?'),
    deleteExpired: db.prepare('DELETE FROM user_sessions WHERE expires_at <= ?'),
    insertToken: db.prepare(`INSERT INTO api_tokens (${TOKEN_COLUMNS}, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    clearance: row.clearance as Clearance,
    compartments: JSON.parse(row.compartments) as string[],
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
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
    scopes: JSON.parse(row.scopes) as Permission[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function reads(s: Statements, guard: Guard): UsersReads {
  return {
    async getUser(id) {
      guard();
      const row = s.getUser.get(id) as UserRow | undefined;
      return row === undefined ? null : toUser(row);
    },
    async findUser(username) {
      guard();
      const row = s.findUser.get(username) as UserRow | undefined;
      return row === undefined ? null : toUser(row);
    },
    async listUsers() {
      guard();
      return (s.listUsers.all() as UserRow[]).map(toUser);
    },
    async countUsers() {
      guard();
      return s.countUsers.get() as number;
    },
    async passwordHashOf(userId) {
      guard();
      return (s.passwordHash.get(userId) as string | null | undefined) ?? null;
    },
    async findSession(tokenHash, now) {
      guard();
      const row = s.findSession.get(tokenHash, now) as SessionRow | undefined;
      return row === undefined ? null : toSession(row);
    },
    async findApiToken(tokenHash, now) {
      guard();
      const row = s.findToken.get(tokenHash, now) as TokenRow | undefined;
      return row === undefined ? null : toToken(row);
    },
    async getApiToken(id) {
      guard();
      const row = s.getToken.get(id) as TokenRow | undefined;
      return row === undefined ? null : toToken(row);
    },
    async listApiTokens(userId) {
      guard();
      const rows = (userId === undefined ? s.listTokens.all() : s.listTokensOf.all(userId)) as TokenRow[];
      return rows.map(toToken);
    },
  };
}

interface WriteOps {
  readonly createUser: (user: NewUser) => CreateUserOutcome;
  readonly updateUser: (id: string, changes: UserChanges, updatedAt: string) => boolean;
}

function prepareWriteOps(db: Connection, s: Statements): WriteOps {
  return {
    createUser: db.transaction((user: NewUser): CreateUserOutcome => {
      if (s.findUser.get(user.username) !== undefined) return 'username-taken';
      s.insertUser.run(
        user.id, user.username, user.displayName, JSON.stringify(user.roles), user.clearance, JSON.stringify(user.compartments),
        user.disabled ? 1 : 0, user.mustChangePassword ? 1 : 0, user.createdAt, user.updatedAt, user.passwordHash,
      );
      return 'created';
    }),
    updateUser: db.transaction((id: string, changes: UserChanges, updatedAt: string): boolean => {
      const row = s.getUser.get(id) as UserRow | undefined;
      if (row === undefined) return false;
      const current = toUser(row);
      s.updateUser.run(
        changes.displayName ?? current.displayName,
        JSON.stringify(changes.roles ?? current.roles),
        changes.clearance ?? current.clearance,
        JSON.stringify(changes.compartments ?? current.compartments),
        (changes.disabled ?? current.disabled) ? 1 : 0,
        updatedAt,
        id,
      );
      return true;
    }),
  };
}

function writes(s: Statements, ops: WriteOps, guard: Guard): UsersWrites {
  return {
    ...reads(s, guard),
    async createUser(user) {
      guard();
      return ops.createUser(user);
    },
    async updateUser(id, changes, updatedAt) {
      guard();
      return ops.updateUser(id, changes, updatedAt);
    },
    async setPassword(id, passwordHash, mustChange, updatedAt) {
      guard();
      return s.setPassword.run(passwordHash, mustChange ? 1 : 0, updatedAt, id).changes > 0;
    },
    async createSession(session) {
      guard();
      s.insertSession.run(session.tokenHash, session.userId, session.createdAt, session.expiresAt);
    },
    async deleteSession(tokenHash) {
      guard();
      return s.deleteSession.run(tokenHash).changes > 0;
    },
    async deleteSessionsOf(userId, keepTokenHash) {
      guard();
      const result = keepTokenHash === undefined ? s.deleteSessionsOf.run(userId) : s.deleteSessionsOfExcept.run(userId, keepTokenHash);
      return result.changes;
    },
    async deleteExpiredSessions(now) {
      guard();
      return s.deleteExpired.run(now).changes;
    },
    async createApiToken(token) {
      guard();
      s.insertToken.run(token.id, token.userId, token.name, JSON.stringify(token.scopes), token.createdAt, token.expiresAt, token.revokedAt, token.tokenHash);
    },
    async revokeApiToken(id, revokedAt) {
      guard();
      return s.revokeToken.run(revokedAt, id).changes > 0;
    },
  };
}

export const usersFacet: SqliteFacet<UsersReads, UsersWrites> = {
  name: 'users',
  migrations: [{ version: 1, name: 'users, sessions and API tokens', sql: SCHEMA_V1 }],
  prepare(db) {
    const s = prepareStatements(db);
    // Write transactions are only prepared where writes happen; on the read-only connection
    // `writes` is never called.
    let ops: WriteOps | undefined;
    return {
      reads: (guard) => reads(s, guard),
      writes: (guard) => writes(s, (ops ??= prepareWriteOps(db, s)), guard),
    };
  },
};
