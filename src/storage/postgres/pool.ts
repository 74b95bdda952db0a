// The pg connection pool, configured the way every Tearline connection needs: bigint
// columns parsed to safe JS numbers, the store's schema first on the search_path, and a
// recognisable application_name in pg_stat_activity.
import pg from 'pg';

/** PostgreSQL's type oid of int8 (bigint): counts, oids and seqs come back in it. */
const INT8_OID = 20;
const DEFAULT_MAX_CONNECTIONS = 10;

/** A schema name Tearline will put on the search_path: lower-case, unquoted, short. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PoolOptions {
  readonly url: string;
  /** The schema holding Tearline's tables; the server's search_path when absent. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

function parseInt8(text: string): number {
  const value = Number(text);
  // Every int8 Tearline stores (oids, seqs, hashes, counts) is below 2^53; a bigger one is
  // not ours to round silently.
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPool(options: PoolOptions): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new RangeError(`schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(options.schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    types,
    // Named per schema, so operators (and tests) can tell several stores on one server apart.
    application_name: options.schema === undefined ? 'tearline' : `tearline:${options.schema}`,
    // The schema is validated above, so it needs no quoting inside the startup option.
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client losing its connection (server restart) emits 'error' on the pool; without
  // a listener that would crash the process. The next checkout simply opens a new one.
  pool.on('error', () => undefined);
  return pool;
}
