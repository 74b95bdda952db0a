// tearline collection add|list|remove: the TAXII collections this instance serves
// (TAXII 2.1 §5.2.1) and which accounts may read and write them.
import type { Store } from '../../app/ports.ts';
import { addCollection, removeCollection } from '../../app/taxii/manageCollections.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { operatorActor } from './user.ts';

const USAGE = `usage: tearline collection add --title TEXT [--id UUID] [--alias NAME] [--description TEXT] [--media-type TYPE]... [--read ACCOUNT]... [--write ACCOUNT]... [--json]
       tearline collection list [--json]
       tearline collection remove ID|ALIAS
common options: --db PATH`;

const OPTIONS = {
  ...STORE_OPTIONS,
  title: { type: 'string' },
  id: { type: 'string' },
  alias: { type: 'string' },
  description: { type: 'string' },
  'media-type': { type: 'string', multiple: true },
  read: { type: 'string', multiple: true },
  write: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

/** A repeatable flag (args.ts types it as one string; parseArgs gives a list), each possibly comma-separated. */
export function listFlag(values: string | readonly string[] | undefined): string[] {
  const all: readonly string[] = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export async function collectionCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  const arity = sub === 'remove' ? 1 : 0;
  if (!['add', 'list', 'remove'].includes(sub ?? '') || !parsed.ok || parsed.values.help === true || parsed.positionals.length !== arity) {
    io.stderr.write(`${parsed.ok ? '' : `tearline collection: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const values = parsed.values;
  if (sub === 'add' && values.title === undefined) {
    io.stderr.write(`tearline collection add: --title is required\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  const { store } = opened;
  const ctx = { store, clock: deps.clock, actor: operatorActor(io) };
  try {
    if (sub === 'list') return await list(store, io, values.json === true);
    if (sub === 'remove') {
      const removed = await removeCollection(parsed.positionals[0] as string, ctx);
      if (!removed.ok) {
        io.stderr.write(`tearline collection remove: ${removed.message}\n`);
        return EXIT_REJECTED;
      }
      io.stdout.write(`removed collection ${removed.value.id} (${removed.value.title}); its objects stay in the store\n`);
      return EXIT_OK;
    }
    const added = await addCollection({
      title: values.title as string,
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(values.alias === undefined ? {} : { alias: values.alias }),
      ...(values.description === undefined ? {} : { description: values.description }),
      mediaTypes: listFlag(values['media-type']),
      readers: listFlag(values.read),
      writers: listFlag(values.write),
    }, ctx);
    if (!added.ok) {
      io.stderr.write(`tearline collection add: ${added.message}\n`);
      return EXIT_REJECTED;
    }
    const c = added.value;
    if (values.json === true) io.stdout.write(`${JSON.stringify(c)}\n`);
    else io.stdout.write(`${c.id}\n  title: ${c.title}\n  objects: /taxii2/root/collections/${c.alias ?? c.id}/objects/\n`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

async function list(store: Store, io: CliIo, json: boolean): Promise<number> {
  const rows = [];
  for (const c of await store.listCollections()) {
    const grants = await store.taxii.grantsOn(c.id);
    rows.push({ ...c, readers: grants.filter((g) => g.canRead).map((g) => g.account), writers: grants.filter((g) => g.canWrite).map((g) => g.account) });
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return EXIT_OK;
  }
  if (rows.length === 0) io.stdout.write('no collections (tearline collection add --title TEXT)\n');
  for (const c of rows) {
    io.stdout.write(`${c.id}  ${c.title}${c.alias === null ? '' : `  (alias ${c.alias})`}\n  read: ${c.readers.join(', ') || '-'}  write: ${c.writers.join(', ') || '-'}\n`);
  }
  return EXIT_OK;
}
