// Reusable co-constraint checks ("if both are present, B MUST be later than A", "at least one
// of ... MUST be present", ...). Each reports at the property that breaks the rule.

import { compareTimestamps, isTimestamp } from '../timestamps.ts';
import { has, type JsonObject } from '../json.ts';
import { childPath } from '../validate/issues.ts';
import type { Ctx } from './kinds.ts';

/**
 * `later` MUST be later than (strict) or not earlier than `earlier`, when both are valid
 * timestamps. Invalid timestamps are reported by their own property check.
 */
export function checkTimeOrder(
  object: JsonObject,
  base: string,
  ctx: Ctx,
  earlier: string,
  later: string,
  strict: boolean,
  section: string,
): void {
  const a = object[earlier];
  const b = object[later];
  if (typeof a !== 'string' || typeof b !== 'string' || !isTimestamp(a) || !isTimestamp(b)) return;
  const order = compareTimestamps(b, a);
  if (strict ? order <= 0 : order < 0) {
    const relation = strict ? 'later than' : 'later than or equal to';
    ctx.sink.error(childPath(base, later), 'timestamp-order', `${later} (${b}) MUST be ${relation} ${earlier} (${a}) (§${section})`);
  }
}

/** At least one of `names` MUST be present. */
export function checkAtLeastOne(object: JsonObject, base: string, ctx: Ctx, names: readonly string[], section: string): void {
  for (const name of names) if (has(object, name)) return;
  ctx.sink.error(base, 'at-least-one-required', `at least one of ${names.join(', ')} MUST be present (§${section})`);
}

/** `a` and `b` MUST NOT both be present. */
export function checkExclusive(object: JsonObject, base: string, ctx: Ctx, a: string, b: string, section: string): void {
  if (has(object, a) && has(object, b)) {
    ctx.sink.error(childPath(base, b), 'mutually-exclusive', `${b} MUST NOT be present together with ${a} (§${section})`);
  }
}

/** When `property` is present, `required` MUST be present too. */
export function checkDependency(object: JsonObject, base: string, ctx: Ctx, property: string, required: string, section: string): void {
  if (has(object, property) && !has(object, required)) {
    ctx.sink.error(childPath(base, property), 'property-dependency', `${property} requires ${required} to be present (§${section})`);
  }
}
