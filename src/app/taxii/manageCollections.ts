// Use cases: TAXII collections (TAXII 2.1 §5.2.1) and who may read and write them.
import { randomUUID } from 'node:crypto';
import type { CollectionRecord } from '../ports.ts';
import type { CollectionGrant } from '../ports/taxii.ts';
import { GrantRefused, unwrapRefusal, type ManageContext, type Managed } from './manageAccounts.ts';

export const DEFAULT_MEDIA_TYPES: readonly string[] = ['application/stix+json;version=2.1'];

export interface NewCollectionInput {
  /** §2 identifier: an RFC 4122 version 4 UUID; generated when absent. */
  readonly id?: string;
  readonly title: string;
  readonly description?: string;
  /** §5.2.1: unique within the API root; usable in URLs in place of the id. */
  readonly alias?: string;
  readonly mediaTypes?: readonly string[];
  /** Accounts that may read, and write. */
  readonly readers?: readonly string[];
  readonly writers?: readonly string[];
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ALIAS = /^[a-z0-9][a-z0-9._-]{0,99}$/;
/** RFC 6838 §4.2 type/subtype, then parameters. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(;[a-z0-9_.-]+=[A-Za-z0-9_.-]+)*$/;

function refuse<T>(code: string, message: string): Managed<T> {
  return { ok: false, code, message };
}

export async function addCollection(input: NewCollectionInput, ctx: ManageContext): Promise<Managed<CollectionRecord>> {
  const id = input.id ?? randomUUID();
  if (!UUID_V4.test(id)) return refuse('invalid-id', `a collection id is a lowercase RFC 4122 version 4 UUID (TAXII 2.1 §2), got '${id}'`);
  const title = input.title.trim();
  if (title === '' || title.length > 250) return refuse('invalid-title', 'a collection needs a title of 1-250 characters');
  if (input.alias !== undefined && (!ALIAS.test(input.alias) || UUID_V4.test(input.alias))) {
    return refuse('invalid-alias', 'an alias is 1-100 lowercase letters, digits and . _ -, and not a UUID');
  }
  const mediaTypes = input.mediaTypes === undefined || input.mediaTypes.length === 0 ? DEFAULT_MEDIA_TYPES : input.mediaTypes;
  const badType = mediaTypes.find((t) => !MEDIA_TYPE.test(t));
  if (badType !== undefined) return refuse('invalid-media-type', `'${badType}' is not a media type like application/stix+json;version=2.1`);
  const collection: CollectionRecord = { id, title, description: input.description ?? null, alias: input.alias ?? null, mediaTypes: [...mediaTypes] };
  return ctx.store.write(async (tx): Promise<Managed<CollectionRecord>> => {
    if ((await tx.getCollection(id)) !== null) return refuse('collection-exists', `there is already a collection ${id}`);
    if (input.alias !== undefined && (await tx.taxii.resolveCollection(input.alias)) !== null) {
      return refuse('alias-taken', `the alias ${input.alias} is taken (§5.2.1: unique within the API root)`);
    }
    await tx.putCollection(collection);
    const grants = new Map<string, CollectionGrant>();
    for (const account of [...(input.readers ?? []), ...(input.writers ?? [])]) {
      if ((await tx.taxii.getAccount(account)) === null) throw new GrantRefused({ ok: false, code: 'unknown-account', message: `no account ${account}` });
      grants.set(account, { account, collectionId: id, canRead: (input.readers ?? []).includes(account), canWrite: (input.writers ?? []).includes(account) });
    }
    for (const grant of grants.values()) await tx.taxii.putGrant(grant);
    await tx.audit.append({
      at: ctx.clock.now(), actor: ctx.actor, action: 'taxii.collection-add', subject: `collection:${id}`,
      details: { title, alias: collection.alias, readers: [...(input.readers ?? [])], writers: [...(input.writers ?? [])] },
    });
    return { ok: true, value: collection };
  }).catch(unwrapRefusal<CollectionRecord>);
}

/** Removes a collection (by id or alias), its memberships and grants; the objects stay in the store. */
export async function removeCollection(idOrAlias: string, ctx: ManageContext): Promise<Managed<CollectionRecord>> {
  return ctx.store.write(async (tx): Promise<Managed<CollectionRecord>> => {
    const collection = await tx.taxii.resolveCollection(idOrAlias);
    if (collection === null) return refuse('unknown-collection', `no collection ${idOrAlias}`);
    await tx.removeCollection(collection.id);
    await tx.audit.append({ at: ctx.clock.now(), actor: ctx.actor, action: 'taxii.collection-remove', subject: `collection:${collection.id}`, details: { title: collection.title } });
    return { ok: true, value: collection };
  });
}
