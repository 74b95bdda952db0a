// The MISP importer on mutated real events (CIRCL OSINT): a typed result for any JSON, each
// rejected or unmapped item named with a reason, and output that ingest can store whole.
import fc from 'fast-check';
import { importMisp } from '../../../src/ingest/misp/index.ts';
import type { Corpus } from '../corpus.ts';
import type { JsonValue } from '../mutate.ts';
import { importOutputProblems, issueProblems } from '../properties.ts';
import type { FuzzTarget } from '../target.ts';
import { jsonInputs } from './stixValidator.ts';

const NOW = '2025-01-01T00:00:00.000Z';

/** A real event cut down to a window of its attributes and objects, so one run stays fast. */
function slice(event: JsonValue, start: number, length: number): JsonValue {
  const wrapper = event as { Event?: Record<string, unknown> };
  if (wrapper.Event === undefined) return event;
  const cut = (list: unknown): unknown => (Array.isArray(list) ? list.slice(start % Math.max(1, list.length), (start % Math.max(1, list.length)) + length) : list);
  return { Event: { ...wrapper.Event, Attribute: cut(wrapper.Event.Attribute), Object: cut(wrapper.Event.Object) } } as JsonValue;
}

export const mispImporterTarget: FuzzTarget<string> = {
  name: 'misp-importer',
  description: 'importMisp on mutated MISP events: typed result, every issue named, output valid, self-contained STIX',
  inputs(corpus: Corpus) {
    const event = fc.tuple(fc.constantFrom(...corpus.mispEvents), fc.nat(), fc.integer({ min: 1, max: 40 })).map(([e, start, length]) => slice(e, start, length));
    const wrapped = fc.oneof(
      { weight: 8, arbitrary: event },
      { weight: 1, arbitrary: fc.array(event, { maxLength: 3 }).map((events): JsonValue => events) },
      { weight: 1, arbitrary: fc.array(event, { maxLength: 3 }).map((events): JsonValue => ({ response: events })) },
    );
    return jsonInputs(wrapped);
  },
  encode: (input) => input,
  decode: (encoded) => String(encoded),
  async run(json) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return [];
    }
    const result = importMisp(value, { now: NOW });
    return [
      ...issueProblems('rejected', result.rejected, 'item'),
      ...issueProblems('unmapped', result.unmapped, 'item'),
      ...(typeof result.summary === 'object' && result.summary !== null ? [] : ['summary is missing']),
      ...importOutputProblems(result.objects),
    ];
  },
};
