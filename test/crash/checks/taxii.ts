// TAXII Add Objects against the database: every object of an envelope a 202 acknowledged is
// a member of the collection at the version sent (lost otherwise), an envelope's valid part
// joined all or not at all (half-stored), nothing spoiled or refused whole is a member, no
// membership comes from nowhere, and every status resource a 202 carried is still stored
// with the counts it had (so it stays pollable after the kill).
import { pairKey } from '../ledger.ts';
import type { CrashCheck, Violation } from '../plugins.ts';
import { flagger } from './flagger.ts';

export const taxiiCheck: CrashCheck = {
  name: 'taxii',
  async run({ store, state, restart }) {
    const violations: Violation[] = [];
    const flag = flagger('taxii', restart, violations, state.tally);
    const collectionId = state.world.taxii.collectionId;
    const members = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await store.taxii.collectionManifest(collectionId, { versions: { kind: 'all' }, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
      for (const entry of page.items) {
        const key = pairKey(entry.id, entry.version);
        if (members.has(key)) flag('duplicated', `${entry.id} version ${entry.version} is in the collection twice`);
        members.add(key);
      }
      cursor = page.next;
    } while (cursor !== undefined);

    const allowed = new Set<string>();
    let acknowledged = 0;
    for (const post of state.taxii.posts) {
      if (post.kind === 'envelope') for (const o of post.write.objects) allowed.add(pairKey(o.id, o.version));
      for (const o of [...(post.spoiled?.objects ?? []), ...(post.kind === 'rejected' ? post.write.objects : [])]) {
        if (members.has(pairKey(o.id, o.version))) flag('refused-stored', `${post.key}: ${o.id} was refused, yet it is in the collection`);
      }
      if (post.kind !== 'envelope') continue;
      const present = post.write.objects.filter((o) => members.has(pairKey(o.id, o.version))).length;
      const total = post.write.objects.length;
      // Each (id, version) belongs to one write, and each post of it joins all of it or none.
      if (present > 0 && present < total) flag('half-stored', `${post.key} (${post.write.key}): ${present} of ${total} objects are in the collection`);
      if (post.acknowledged) {
        acknowledged += 1;
        if (present < total) flag('lost', `${post.key} (${post.write.key}) was acknowledged (202), but ${total - present} of its ${total} objects are not in the collection`);
      }
    }
    for (const key of members) if (!allowed.has(key)) flag('unexpected', `${key.replace('|', ' version ')} is in the collection but no TAXII post sent it`);

    for (const seen of state.taxii.statuses()) {
      const stored = await store.taxii.getStatus(seen.id);
      if (stored === null) flag('lost', `status ${seen.id} (acknowledged by a 202) is not stored`);
      else if (stored.totalCount !== seen.totalCount || stored.successCount !== seen.successCount || stored.failureCount !== seen.failureCount) {
        flag('lost', `status ${seen.id} says ${stored.successCount}/${stored.failureCount} of ${stored.totalCount}; the 202 said ${seen.successCount}/${seen.failureCount} of ${seen.totalCount}`);
      }
    }
    state.tally.set('taxii posts checked', acknowledged);
    state.tally.set('taxii statuses checked', state.taxii.statuses().length);
    return violations;
  },
};
