// PostgreSQL-specific behaviour beyond the contract: several nodes (stores with their own
// pools) on one database, database errors inside a write, savepoint sections, text that
// PostgreSQL cannot store, the integrity check, and bulk writes through COPY.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { ObjectWrite, PutResult } from '../../app/ports.ts';
import { at, delay, objectRange, objectWrite, stixId } from '../contract/fixtures.ts';
import { openPostgresStore, WriteAbortedError, type PostgresStore } from './index.ts';
import { TxSession } from './sql.ts';
import { LOCK_CLASS, schemaLockId } from './locks.ts';
import { pgTestSkipReason, testSchema, type TestSchema } from './test-database.ts';

const skip = pgTestSkipReason();

async function withNodes(count: number, body: (nodes: PostgresStore[], target: TestSchema) => Promise<void>): Promise<void> {
  const target = await testSchema();
  const nodes: PostgresStore[] = [];
  try {
    for (let i = 0; i < count; i++) nodes.push(await openPostgresStore({ url: target.url, schema: target.schema, maxConnections: 3 }));
    await body(nodes, target);
  } finally {
    for (const node of nodes) await node.close();
    await target.drop();
  }
}

describe('PostgreSQL store, several nodes', { skip: skip ?? false }, () => {
  test('writes from two nodes run one at a time: the second starts after the first commits', async () => {
    await withNodes(2, async ([a, b]) => {
      const events: string[] = [];
      const first = (a as PostgresStore).write(async (tx) => {
        events.push('a starts');
        await tx.putObjects([objectWrite({ n: 1, version: at(1) })]);
        await delay(150);
        events.push('a ends');
      });
      await delay(30);
      const second = (b as PostgresStore).write(async (tx) => {
        events.push('b starts');
        const seen = await tx.getLatestObject(stixId('indicator', 1));
        events.push('b ends');
        return seen?.version;
      });
      await first;
      assert.equal(await second, at(1), 'b saw what a committed');
      assert.deepEqual(events, ['a starts', 'a ends', 'b starts', 'b ends']);
    });
  });

  test('the same objects ingested by three nodes at once are stored once, with the greatest version latest', async () => {
    await withNodes(3, async (nodes, target) => {
      const batch = [...objectRange(1, 300), ...[5, 4, 3].map((s) => objectWrite({ n: 7, version: at(s) }))];
      // Each node writes the batch in its own order, so the latest arrives in different places.
      const orders = [batch, [...batch].reverse(), [...batch.slice(150), ...batch.slice(0, 150)]];
      const results = await Promise.all(nodes.map((node, i) => node.write((tx) => tx.putObjects(orders[i] ?? []))));
      const stored = new Map<string, number>();
      for (const result of results.flat() as PutResult[]) {
        assert.notEqual(result.outcome, 'conflict');
        if (result.outcome === 'stored') stored.set(`${result.id} ${result.version}`, (stored.get(`${result.id} ${result.version}`) ?? 0) + 1);
      }
      assert.equal(stored.size, 303, 'every (id, version) stored by some node');
      assert.ok([...stored.values()].every((n) => n === 1), 'and by one node only');
      const store = nodes[0] as PostgresStore;
      assert.deepEqual(await store.stats(), { objects: 300, versions: 303, byType: { indicator: 300 }, revoked: 0, collections: 0 });
      assert.equal((await store.getLatestObject(stixId('indicator', 7)))?.version, at(5));
      assert.deepEqual(await store.integrityCheck(), []);
      // Other test files run beside this one: count only this schema's write lock (two-int form: objsubid 2).
      const locks = await target.admin<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2`,
        [LOCK_CLASS.write, schemaLockId(target.schema) >>> 0],
      );
      assert.equal(locks[0]?.n, 0, 'no advisory lock outlives its write');
    });
  });

  test('an older version written by one node never replaces a newer one written by another', async () => {
    await withNodes(2, async ([a, b]) => {
      const newer = (a as PostgresStore).write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 1, version: at(9) })]);
        await delay(50);
      });
      await delay(10);
      const older = (b as PostgresStore).write((tx) => tx.putObjects([objectWrite({ n: 1, version: at(2) })]));
      await Promise.all([newer, older]);
      for (const node of [a, b] as PostgresStore[]) {
        assert.equal((await node.getLatestObject(stixId('indicator', 1)))?.version, at(9));
        assert.deepEqual((await node.getObjectVersions(stixId('indicator', 1))).map((v) => v.version), [at(2), at(9)]);
      }
    });
  });
});

describe('PostgreSQL store, errors inside a write', { skip: skip ?? false }, () => {
  test('a database error that work catches still fails the write, and nothing of it commits', async () => {
    await withNodes(1, async ([store], target) => {
      const s = store as PostgresStore;
      // Provoke a real database error through the adapter: a unique violation planted behind its back.
      await s.write((tx) => tx.putObjects([objectWrite({ n: 1 })]));
      await target.admin(`SELECT setval('${target.schema}.object_oid_seq', 1, false)`);
      const write = s.write(async (tx) => {
        // The rows go by COPY, sent without waiting for the server (sql.ts): its refusal
        // reaches the next statement, not putObjects.
        await tx.putObjects([objectWrite({ n: 2 })]).catch(() => undefined);
        await assert.rejects(tx.getLatestObject(stixId('indicator', 1)), (error) => error instanceof WriteAbortedError && /duplicate key/.test(String((error.cause as Error).message)));
        return 'work resolved';
      });
      await assert.rejects(write, (error) => error instanceof WriteAbortedError && /duplicate key/.test(String((error.cause as Error).message)));
      assert.equal((await s.stats()).objects, 1);
      // The store goes on: the next write gets a healthy connection.
      await target.admin(`SELECT setval('${target.schema}.object_oid_seq', 100)`);
      await s.write((tx) => tx.putObjects([objectWrite({ n: 3 })]));
      assert.equal((await s.stats()).objects, 2);
      assert.deepEqual(await s.integrityCheck(), []);
    });
  });

  test('a write whose connection dies rejects, and the store goes on with a new connection', async () => {
    await withNodes(1, async ([store], target) => {
      const s = store as PostgresStore;
      const write = s.write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 1 })]);
        // The only connection of this store's schema idle inside a transaction is this write's
        // (other test files run at the same time on other schemas: never touch theirs).
        await target.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = $1 AND state = 'idle in transaction' AND datname = current_database()`, [`tearline:${target.schema}`]);
        await delay(50);
        await tx.putObjects([objectWrite({ n: 2 })]);
      });
      await assert.rejects(write, /terminat|Connection|not queryable/i);
      assert.equal((await s.stats()).objects, 0);
      await s.write((tx) => tx.putObjects([objectWrite({ n: 3 })]));
      assert.equal((await s.stats()).objects, 1);
    });
  });

  test('text PostgreSQL cannot store is refused before writing, and reads of it find nothing', async () => {
    await withNodes(1, async ([store]) => {
      const s = store as PostgresStore;
      await s.write(async (tx) => {
        const bad = { ...objectWrite({ n: 1 }), json: '{"name":"a\u0000b"}' };
        await assert.rejects(tx.putObjects([objectWrite({ n: 2 }), bad]), /U\+0000/);
        await tx.putObjects([objectWrite({ n: 3 })]);
        assert.equal(await tx.getLatestObject('indicator--\u0000'), null);
        assert.deepEqual((await tx.listLatestObjects({ limit: 5, types: ['indi\u0000cator'] })).items, []);
      });
      assert.deepEqual((await s.listLatestObjects({ limit: 5 })).items.map((r) => r.id), [stixId('indicator', 3)]);
      assert.deepEqual(await s.refsTo('x\u0000'), []);
    });
  });

  test('the integrity check finds a latest pointer that is not the greatest version', async () => {
    await withNodes(1, async ([store], target) => {
      const s = store as PostgresStore;
      await s.write((tx) => tx.putObjects([objectWrite({ n: 1, version: at(1) }), objectWrite({ n: 1, version: at(2) })]));
      assert.deepEqual(await s.integrityCheck(), []);
      await target.admin(`UPDATE ${target.schema}.objects SET latest_seq = (SELECT min(seq) FROM ${target.schema}.object_versions)`);
      assert.deepEqual(await s.integrityCheck(), [`objects: latest version of ${stixId('indicator', 1)} is not its greatest version`]);
    });
  });
});

function range(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

describe('PostgreSQL bulk writes (COPY)', { skip: skip ?? false }, () => {
  test('text with COPY\'s special characters is stored exactly as given', async () => {
    await withNodes(1, async ([node]) => {
      const store = node as PostgresStore;
      const awkward = 'back\\slash \\N \\. tab\there\nnew line\r\ncrlf "quoted" é 日本 😀';
      const object: ObjectWrite = {
        ...objectWrite({ n: 1, note: awkward }),
        // Pretty-printed JSON as a client may post it: raw newlines and tabs between tokens.
        json: `{\n\t"type": "indicator",\n\t"description": ${JSON.stringify(awkward)}\n}`,
        refs: [{ path: `object_refs[0]\t${awkward}`, targetId: stixId('malware', 1) }],
        markings: [{ markingRef: 'marking-definition--1', selectors: [awkward, 'name'] }, { markingRef: 'marking-definition--2', selectors: null }],
      };
      await store.write((tx) => tx.putObjects([object]));
      const stored = await store.getLatestObject(object.id);
      assert.equal(stored?.json, object.json);
      assert.deepEqual(await store.refsFrom(object.id), object.refs);
      assert.deepEqual(await store.markingsOf(object.id), object.markings);
      assert.deepEqual(await store.write((tx) => tx.putObjects([object])), [{ id: object.id, version: object.version, outcome: 'unchanged' }]);
    });
  });

  test('batches larger than the COPY buffer, new and known objects mixed, on a reused connection', async () => {
    await withNodes(1, async ([store]) => {
      const s = store as PostgresStore;
      const padding = 'x'.repeat(2000);
      const first = range(1, 3000).map((n) => objectWrite({ n, version: at(1), note: `${n} ${padding}` }));
      await s.write((tx) => tx.putObjects(first));
      // Known objects get newer versions, older ones (stored, latest stays) and new objects, in one batch.
      const second = [
        ...range(1, 1500).map((n) => objectWrite({ n, version: at(2), note: `${n} newer ${padding}` })),
        ...range(1501, 1500).map((n) => objectWrite({ n, version: at(0), note: `${n} older` })),
        ...range(3001, 1500).map((n) => objectWrite({ n, version: at(1), note: `${n} ${padding}` })),
      ];
      const results = await s.write((tx) => tx.putObjects(second));
      assert.ok(results.every((r) => r.outcome === 'stored'));
      assert.equal((await s.stats()).objects, 4500);
      assert.equal((await s.getLatestObject(stixId('indicator', 1)))?.version, at(2));
      assert.equal((await s.getLatestObject(stixId('indicator', 2000)))?.version, at(1));
      assert.equal((await s.getObjectVersions(stixId('indicator', 2000))).length, 2);
      assert.equal((await s.getLatestObject(stixId('indicator', 4500)))?.json, second.at(-1)?.json);
      assert.deepEqual(await s.integrityCheck(), []);
    });
  });
});

describe('PostgreSQL write sessions', { skip: skip ?? false }, () => {
  async function withSession(body: (session: TxSession, client: pg.Client) => Promise<void>): Promise<void> {
    const target = await testSchema();
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${target.schema}; SET search_path = ${target.schema}; CREATE TABLE t (x int PRIMARY KEY); BEGIN`);
      await body(new TxSession(client as unknown as pg.PoolClient, () => undefined), client);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
      await target.drop();
    }
  }

  test('an atomic section that throws leaves none of its rows, and the transaction goes on', async () => {
    await withSession(async (session) => {
      await session.query('INSERT INTO t VALUES (1)');
      await assert.rejects(session.atomic(async () => {
        await session.query('INSERT INTO t VALUES (2)');
        await session.atomic(() => session.query('INSERT INTO t VALUES (3)'));
        throw new Error('changed my mind');
      }), /changed my mind/);
      // A database error inside a section is recovered the same way.
      await assert.rejects(session.atomic(() => session.query('INSERT INTO t VALUES (1)')), /duplicate key/);
      assert.equal(session.failed, false);
      await session.query('INSERT INTO t VALUES (4)');
      assert.deepEqual(await session.query('SELECT x FROM t ORDER BY x'), [{ x: 1 }, { x: 4 }]);
    });
  });

  test('statements from outside a running section wait for it; its own pass through', async () => {
    await withSession(async (session) => {
      const order: string[] = [];
      const section = session.atomic(async () => {
        await session.query('INSERT INTO t VALUES (1)');
        await delay(30);
        order.push('section writes 2');
        await session.query('INSERT INTO t VALUES (2)');
        throw new Error('roll the section back');
      });
      await delay(5);
      const outside = session.query('SELECT count(*)::int AS n FROM t').then((rows) => {
        order.push('outside reads');
        return rows;
      });
      await assert.rejects(section);
      assert.deepEqual(await outside, [{ n: 0 }], 'the outside read saw neither row of the rolled-back section');
      assert.deepEqual(order, ['section writes 2', 'outside reads']);
    });
  });

  test('an error outside any section dooms the session', async () => {
    await withSession(async (session) => {
      await session.query('INSERT INTO t VALUES (1)');
      await assert.rejects(session.query('INSERT INTO t VALUES (1)'), /duplicate key/);
      assert.equal(session.failed, true);
      await assert.rejects(session.query('SELECT 1'), WriteAbortedError);
      await assert.rejects(session.atomic(async () => 1), WriteAbortedError);
    });
  });

  test('COPYs go in one round trip without waiting; the next statement sees their rows, or their refusal', async () => {
    await withSession(async (session) => {
      await session.query('CREATE TABLE u (y text PRIMARY KEY)');
      await session.copyFrom([
        { text: 'COPY t (x) FROM STDIN', fill: (rows) => [1, 2].forEach((x) => rows.row([x])) },
        { text: 'COPY u (y) FROM STDIN', fill: (rows) => rows.row(['tab\there']) },
        { text: 'COPY u (y) FROM STDIN', fill: () => undefined },
      ]);
      assert.deepEqual(await session.query('SELECT x FROM t ORDER BY x'), [{ x: 1 }, { x: 2 }]);
      assert.deepEqual(await session.query('SELECT y FROM u'), [{ y: 'tab\there' }]);
      // Refused in its second statement, after its data (and the third's) was already sent:
      // the server drops the rest, copyFrom has resolved, the next statement reports it.
      await session.copyFrom([
        { text: 'COPY u (y) FROM STDIN', fill: (rows) => rows.row(['new']) },
        { text: 'COPY t (x) FROM STDIN', fill: (rows) => [3, 2].forEach((x) => rows.row([x])) },
        { text: 'COPY t (x) FROM STDIN', fill: (rows) => rows.row([4]) },
      ]);
      await assert.rejects(session.query('SELECT 1'), (error) => error instanceof WriteAbortedError && /duplicate key/.test(String((error.cause as Error).message)));
      assert.equal(session.failed, true);
      await assert.rejects(session.copyFrom([{ text: 'COPY t (x) FROM STDIN', fill: (rows) => rows.row([5]) }]), WriteAbortedError);
    });
  });

  test('a refused COPY that nothing runs after still fails the write', async () => {
    await withNodes(1, async ([store], target) => {
      const s = store as PostgresStore;
      await s.write((tx) => tx.putObjects([objectWrite({ n: 1 })]));
      await target.admin(`SELECT setval('${target.schema}.object_oid_seq', 1, false)`);
      // putObjects is the write's last call: only the write's end can hear the refusal.
      await assert.rejects(s.write((tx) => tx.putObjects([objectWrite({ n: 2 })])), WriteAbortedError);
      assert.equal((await s.stats()).objects, 1);
    });
  });

  test('inside an atomic section a COPY waits for the server, and the section rolls it back', async () => {
    await withSession(async (session) => {
      await assert.rejects(session.atomic(async () => {
        await session.copyFrom([{ text: 'COPY t (x) FROM STDIN', fill: (rows) => [1, 1].forEach((x) => rows.row([x])) }]);
      }), /duplicate key/);
      assert.equal(session.failed, false);
      await session.atomic(() => session.copyFrom([{ text: 'COPY t (x) FROM STDIN', fill: (rows) => rows.row([7]) }]));
      assert.deepEqual(await session.query('SELECT x FROM t'), [{ x: 7 }]);
    });
  });
});
