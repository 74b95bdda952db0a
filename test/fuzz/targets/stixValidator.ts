// The STIX validator (validateObject, validateBundle) on mutated real objects and bundles:
// it returns issues for anything, never throws, never edits its input, and a bundle's
// "valid objects" really are valid on their own.
import fc from 'fast-check';
import { validateBundle, validateObject } from '../../../src/domain/stix/index.ts';
import type { StixObject } from '../../../src/domain/stix/object.ts';
import { toObjectWrite } from '../../../src/app/objectWrite.ts';
import type { Corpus } from '../corpus.ts';
import { JSON_TOKENS, jsonMutations, mutateJson, mutateText, sequenceMutations, type JsonValue } from '../mutate.ts';
import { issueProblems } from '../properties.ts';
import type { FuzzTarget } from '../target.ts';

export interface ValidatorInput {
  readonly mode: 'object' | 'bundle';
  /** The JSON text the validator's caller would parse. */
  readonly json: string;
}

export function jsonInputs(bases: fc.Arbitrary<JsonValue>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(bases, jsonMutations()).map(([base, mutations]) => mutateJson(base, mutations)) },
    { weight: 2, arbitrary: fc.tuple(bases, sequenceMutations(3)).map(([base, mutations]) => mutateText(JSON.stringify(base), mutations, JSON_TOKENS)) },
    { weight: 1, arbitrary: bases.map((base) => JSON.stringify(base)) },
    { weight: 1, arbitrary: fc.json({ depthSize: 'medium' }) },
  );
}

export const stixValidatorTarget: FuzzTarget<ValidatorInput> = {
  name: 'stix-validator',
  description: 'validateObject/validateBundle on mutated STIX: typed issues, no throw, input untouched, valid objects valid alone and storable',
  inputs(corpus: Corpus) {
    const object = fc.constantFrom(...corpus.stixObjects);
    const smallBundle = fc
      .array(object, { minLength: 0, maxLength: 6 })
      .map((objects): JsonValue => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects }));
    return fc.oneof(
      jsonInputs(object).map((json) => ({ mode: 'object' as const, json })),
      jsonInputs(fc.oneof(smallBundle, fc.constantFrom(...corpus.stixBundles))).map((json) => ({ mode: 'bundle' as const, json })),
    );
  },
  encode: (input) => input,
  decode: (encoded) => encoded as ValidatorInput,
  async run({ mode, json }) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return []; // not JSON: the parsing layer's business (fuzzed in http-api)
    }
    const result = mode === 'object' ? validateObject(value) : validateBundle(value);
    const problems = [...issueProblems('errors', result.errors), ...issueProblems('warnings', result.warnings)];
    if (!unchanged(value, json)) problems.push('the validator modified its input');
    // Valid means storable: ingest derives the store rows (refs, markings, JSON text) next.
    if (mode === 'object' && result.errors.length === 0) toObjectWrite(value as StixObject);
    if (mode === 'bundle') {
      const objects = (result as ReturnType<typeof validateBundle>).objects;
      if (!Array.isArray(objects)) return [...problems, 'validateBundle returned no objects list'];
      objects.forEach((object, i) => {
        const alone = validateObject(object);
        if (alone.errors.length > 0) problems.push(`objects[${i}] is listed valid, yet alone it has errors: ${alone.errors.map((e) => e.code).join(', ')}`);
        else toObjectWrite(object);
      });
    }
    return problems;
  },
};

/** Whether `value` still serialises to what was parsed (V8 cannot stringify very deep values; those are skipped). */
function unchanged(value: unknown, json: string): boolean {
  try {
    return JSON.stringify(value) === JSON.stringify(JSON.parse(json));
  } catch {
    return true;
  }
}
