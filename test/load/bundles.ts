// The objects a run stores: a seed set and a stream of 100-object bundles, seeded so a run
// can be replayed. Each bundle is self-contained (its relationships and report point inside
// it or at the seed's identities) and carries some new versions of objects an earlier write
// stored, so ingest exercises versioning as well as inserts.
import type { Rng } from '../support/random.ts';

export type StixJson = Record<string, unknown> & { readonly type: string; readonly id: string };

const WORDS = ['shrine', 'convoy', 'cell', 'courier', 'market', 'checkpoint', 'bridge', 'embassy', 'safehouse', 'network', 'drone', 'handler', 'border', 'port', 'relay'];
/** The types a bundle holds; pollers filter on them with match[type]. */
export const STREAM_TYPES = ['indicator', 'malware', 'intrusion-set', 'relationship', 'report', 'identity'] as const;

export class ObjectSource {
  readonly #rng: Rng;
  #clock = Date.UTC(2025, 0, 1);
  readonly #identities: string[] = [];
  /** Indicators an acknowledged write stored, to send again as new versions. */
  readonly #stored: StixJson[] = [];

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /** A timestamp later than every earlier one: no two writes share an (id, modified). */
  #stamp(): string {
    this.#clock += 1;
    return new Date(this.#clock).toISOString();
  }

  #words(n: number): string {
    return Array.from({ length: n }, () => this.#rng.pick(WORDS)).join(' ');
  }

  /** The organisations every later object names as its creator; sent first, on their own. */
  identities(count: number): StixJson[] {
    const made: StixJson[] = [];
    for (let i = 0; i < count; i += 1) {
      const stamp = this.#stamp();
      const id = `identity--${this.#rng.uuid4()}`;
      this.#identities.push(id);
      made.push({ type: 'identity', spec_version: '2.1', id, created: stamp, modified: stamp, name: `Org ${i} ${this.#words(2)}`, identity_class: 'organization' });
    }
    return made;
  }

  /** `count` objects: indicators, malware, intrusion sets, relationships between them, one report, and up to 10% new versions. */
  bundle(count: number): StixJson[] {
    if (this.#identities.length === 0) throw new Error('identities() first: objects name an identity as creator');
    const objects: StixJson[] = [];
    const targets: string[] = [];
    const updates = Math.min(Math.floor(count / 10), this.#stored.length);
    for (let i = 0; i < updates; i += 1) {
      const original = this.#rng.pick(this.#stored);
      if (objects.some((o) => o.id === original.id)) continue;
      objects.push({ ...original, modified: this.#stamp(), confidence: this.#rng.int(0, 100) });
    }
    while (objects.length < count - 1) {
      const stamp = this.#stamp();
      const common = { spec_version: '2.1', created: stamp, modified: stamp, created_by_ref: this.#rng.pick(this.#identities) };
      const roll = this.#rng.float();
      if (roll < 0.6 || targets.length < 2) {
        const id = `indicator--${this.#rng.uuid4()}`;
        const ip = [this.#rng.int(1, 223), this.#rng.int(0, 255), this.#rng.int(0, 255), this.#rng.int(0, 255)].join('.');
        targets.push(id);
        objects.push({
          type: 'indicator', id, ...common, name: `Indicator ${ip}`, description: `Seen near the ${this.#words(6)}.`,
          indicator_types: ['malicious-activity'], pattern: `[ipv4-addr:value = '${ip}']`, pattern_type: 'stix', valid_from: stamp,
          confidence: this.#rng.int(0, 100),
        });
      } else if (roll < 0.72) {
        const id = `malware--${this.#rng.uuid4()}`;
        targets.push(id);
        objects.push({ type: 'malware', id, ...common, name: `Malware ${this.#words(2)}`, is_family: this.#rng.float() < 0.5, description: this.#words(12) });
      } else if (roll < 0.8) {
        const id = `intrusion-set--${this.#rng.uuid4()}`;
        targets.push(id);
        objects.push({ type: 'intrusion-set', id, ...common, name: `Group ${this.#words(2)}`, aliases: [this.#words(2)], description: this.#words(20) });
      } else {
        objects.push({
          type: 'relationship', id: `relationship--${this.#rng.uuid4()}`, ...common, relationship_type: 'related-to',
          source_ref: this.#rng.pick(targets), target_ref: this.#rng.pick(targets),
        });
      }
    }
    const stamp = this.#stamp();
    objects.push({
      type: 'report', spec_version: '2.1', id: `report--${this.#rng.uuid4()}`, created: stamp, modified: stamp,
      created_by_ref: this.#rng.pick(this.#identities), name: `Activity around the ${this.#words(3)}`, published: stamp,
      report_types: ['threat-report'], object_refs: targets.slice(0, 10),
    });
    return objects;
  }

  /** The server acknowledged these: their indicators may come back as new versions. */
  acknowledged(objects: readonly StixJson[]): void {
    for (const object of objects) if (object.type === 'indicator' && object.created === object.modified) this.#stored.push(object);
    // A bounded pool: a long run must not grow the generator's memory.
    if (this.#stored.length > 5000) this.#stored.splice(0, this.#stored.length - 5000);
  }
}
