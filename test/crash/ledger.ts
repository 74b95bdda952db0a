// What the campaign sent: every STIX write, recorded before it is sent (so a write the
// server committed but never answered is still known), with what came back. Checks compare
// the database with this after every restart.

/** One object version as sent; `json` is JSON.stringify of what was sent. */
export interface SentObject {
  readonly id: string;
  readonly version: string;
  readonly json: string;
}

/**
 * atomic: valid input; all its objects are stored or none (all, once acknowledged).
 * refused: input made invalid on purpose; none of its objects may ever be stored.
 */
export type WriteExpectation = 'atomic' | 'refused';

export interface WriteRecord {
  /** e.g. `rest#12`, `cli#3`. */
  readonly key: string;
  readonly driver: string;
  readonly objects: readonly SentObject[];
  readonly expectation: WriteExpectation;
  /** Times it was sent (a re-sent write repeats the same bytes). */
  attempts: number;
  /** A success answer was received for at least one attempt (HTTP 200, CLI exit 0). */
  acknowledged: boolean;
  /** Attempts refused with a definite answer (4xx, CLI exit 1). */
  refusals: number;
  /** Attempts that got no answer: the process died first. */
  unanswered: number;
  /** False when a re-send by another driver would change what it proves (a TAXII body refused for its shape). */
  readonly resendable: boolean;
}

export class Ledger {
  readonly writes: WriteRecord[] = [];
  readonly #owner = new Map<string, WriteRecord>();
  #counter = 0;

  /** Records a write before its first attempt. Throws if an object version is already owned. */
  record(driver: string, objects: readonly SentObject[], expectation: WriteExpectation, resendable = true): WriteRecord {
    const record: WriteRecord = { key: `${driver}#${++this.#counter}`, driver, objects, expectation, attempts: 0, acknowledged: false, refusals: 0, unanswered: 0, resendable };
    for (const object of objects) {
      const pair = pairKey(object.id, object.version);
      // Each (id, version) belongs to exactly one write, so "all or none" is decidable per write.
      if (this.#owner.has(pair)) throw new Error(`harness bug: ${pair} is already part of ${this.#owner.get(pair)?.key}`);
      this.#owner.set(pair, record);
    }
    this.writes.push(record);
    return record;
  }

  ownerOf(id: string, version: string): WriteRecord | undefined {
    return this.#owner.get(pairKey(id, version));
  }

  /** Ids with more than one version across all writes (version bumps). */
  multiVersionIds(): Set<string> {
    const versions = new Map<string, number>();
    for (const pair of this.#owner.keys()) {
      const id = pair.slice(0, pair.indexOf('|'));
      versions.set(id, (versions.get(id) ?? 0) + 1);
    }
    return new Set([...versions].filter(([, n]) => n > 1).map(([id]) => id));
  }

  acknowledgedWrites(): WriteRecord[] {
    return this.writes.filter((w) => w.acknowledged);
  }
}

export function pairKey(id: string, version: string): string {
  return `${id}|${version}`;
}

export function sentObject(object: { readonly id: string; readonly modified?: unknown; readonly created?: unknown }): SentObject {
  const version = typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : '';
  return { id: object.id, version, json: JSON.stringify(object) };
}
