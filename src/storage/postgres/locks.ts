// Advisory lock keys. PostgreSQL advisory locks are per database; Tearline keys them by
// (purpose, schema) with the two-int form, so several Tearline schemas in one database (the
// tests run one per test) never wait on each other, while every node of one deployment
// (same database, same schema) shares each lock.
//
// The purposes are fixed numbers: an operator can see them in pg_locks (classid) and they
// must never change between releases, or an old and a new node would not exclude each
// other during a rolling upgrade.

/** 'TL' in the high bytes, the purpose in the low ones; all fit PostgreSQL's int4. */
export const LOCK_CLASS = {
  /** Held (transaction-scoped) while one node applies schema migrations. */
  migrate: 0x544c0001,
  /** Held (transaction-scoped) by every `store.write`: one writer at a time across nodes. */
  write: 0x544c0002,
  /** Held (session-scoped, on a connection of its own) by the node that runs the schedulers (leader.ts). */
  scheduler: 0x544c0003,
} as const;

/** The int4 object id of a schema's locks: FNV-1a of its name, as a signed 32-bit integer. */
export function schemaLockId(schema: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) h = Math.imul(h ^ schema.charCodeAt(i), 0x01000193);
  return h | 0;
}
