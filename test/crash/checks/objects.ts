// Every STIX write against the database: an acknowledged write is present with exactly the
// objects sent (lost otherwise); every write is all or none (half-stored otherwise); a write
// refused on purpose left nothing; nothing is stored twice or from nowhere. Objects Tearline
// writes itself (threat groupings and their definitions, released products put in a
// partner's collection) are accounted for by what the store says made them.
import type { ObjectRecord } from '../../../src/app/ports.ts';
import { FUSION_IDENTITY, THREAT_EXTENSION_DEFINITION } from '../../../src/app/fusion/threatObject.ts';
import type { SqliteStore } from '../../../src/storage/sqlite/index.ts';
import { pairKey, type WriteRecord } from '../ledger.ts';
import type { CampaignState, CrashCheck, Violation } from '../plugins.ts';
import { flagger } from './flagger.ts';

export const objectsCheck: CrashCheck = {
  name: 'objects',
  async run(context) {
    const { store, state, restart } = context;
    const violations: Violation[] = [];
    const flag = flagger('objects', restart, violations, state.tally);

    // The latest version of every stored id, in one streamed pass.
    const latest = new Map<string, ObjectRecord>();
    for await (const record of store.scanLatestObjects({ batchSize: 5000 })) {
      if (latest.has(record.id)) flag('duplicated', `${record.id} is listed twice among the latest versions`);
      latest.set(record.id, record);
    }
    const multi = state.ledger.multiVersionIds();
    const versionsOf = new Map<string, Map<string, ObjectRecord>>();
    const storedVersion = async (id: string, version: string): Promise<ObjectRecord | undefined> => {
      const head = latest.get(id);
      if (head === undefined) return undefined;
      if (head.version === version) return head;
      if (!multi.has(id)) return undefined;
      let all = versionsOf.get(id);
      if (all === undefined) {
        all = new Map();
        for (const v of await store.getObjectVersions(id)) {
          if (all.has(v.version)) flag('duplicated', `${id} version ${v.version} is stored twice`);
          all.set(v.version, v);
        }
        versionsOf.set(id, all);
      }
      return all.get(version);
    };

    const presentPairs = new Set<string>();
    const knownIds = new Set<string>();
    let acknowledgedChecked = 0;
    // Writes the kill took before an answer: both outcomes must show up over a campaign, or
    // the kills are not landing inside writes.
    let unansweredStored = 0;
    let unansweredAbsent = 0;
    for (const write of state.ledger.writes) {
      let present = 0;
      const altered: string[] = [];
      for (const sent of write.objects) {
        knownIds.add(sent.id);
        const stored = await storedVersion(sent.id, sent.version);
        if (stored === undefined) continue;
        present += 1;
        presentPairs.add(pairKey(sent.id, sent.version));
        if (stored.json !== sent.json && !sameJson(stored.json, sent.json)) altered.push(sent.id);
      }
      judgeWrite(write, present, altered, flag);
      if (write.acknowledged) acknowledgedChecked += 1;
      else if (write.unanswered > 0 && write.expectation === 'atomic') {
        if (present === write.objects.length) unansweredStored += 1;
        else if (present === 0) unansweredAbsent += 1;
      }
    }
    const system = await systemObjectIds(store, state);
    let systemVersions = 0;
    for (const id of latest.keys()) {
      if (knownIds.has(id)) continue;
      if (system.has(id)) systemVersions += (await store.getObjectVersions(id)).length;
      else flag('unexpected', `${id} is stored but no write sent it`);
    }
    const stats = await store.stats();
    if (stats.versions !== presentPairs.size + systemVersions) {
      flag('duplicated', `the store counts ${stats.versions} object versions; the writes account for ${presentPairs.size}, Tearline's own objects for ${systemVersions}`);
    }
    if (stats.objects !== latest.size) flag('duplicated', `the store counts ${stats.objects} objects; a scan finds ${latest.size}`);
    state.tally.add('acknowledged writes checked', acknowledgedChecked);
    state.tally.set('unanswered writes found stored', unansweredStored);
    state.tally.set('unanswered writes found absent', unansweredAbsent);
    state.tally.set('object versions in the store', presentPairs.size);
    return violations;
  },
};

/** Ids of objects Tearline stores itself: threat groupings, their identity and extension definition, and every object of a frozen product (the TAXII channel stores them). */
async function systemObjectIds(store: SqliteStore, state: CampaignState): Promise<Set<string>> {
  const ids = new Set<string>([FUSION_IDENTITY.id, THREAT_EXTENSION_DEFINITION.id, ...(await store.threats.allIds())]);
  for (const c of state.releases.cases) {
    for (const product of await store.warnings.productsOf(c.caseId)) {
      for (const object of (JSON.parse(product.bundleJson) as { objects?: { id: string }[] }).objects ?? []) ids.add(object.id);
    }
  }
  return ids;
}

function judgeWrite(write: WriteRecord, present: number, altered: readonly string[], flag: (kind: Violation['kind'], message: string) => void): void {
  const total = write.objects.length;
  const how = `(${total} objects, ${write.attempts} attempts, ${write.acknowledged ? 'acknowledged' : 'not acknowledged'}, ${write.unanswered} unanswered)`;
  if (write.expectation === 'refused') {
    if (present > 0) flag('refused-stored', `${write.key} was invalid, yet ${present} of its objects are stored ${how}`);
    return;
  }
  if (present > 0 && present < total) flag('half-stored', `${write.key}: ${present} of ${total} objects are stored ${how}`);
  if (write.acknowledged && present < total) flag('lost', `${write.key} was acknowledged, but ${total - present} of its ${total} objects are missing ${how}`);
  if (altered.length > 0) flag('lost', `${write.key}: ${altered.length} stored objects differ from what was sent, e.g. ${altered[0]} ${how}`);
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
