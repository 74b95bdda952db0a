// Lenient reading of MISP JSON as MISP and its tools emit it: numbers and booleans as
// strings, single objects where a list is expected, events with or without the `Event`
// wrapper, several events as a list or inside `{response: [...]}`.

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A list; a lone object counts as a list of one, absent as empty. */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return asObject(value) === undefined ? [] : [value];
}

export function asObjects(value: unknown): Json[] {
  return asArray(value).filter((v): v is Json => asObject(v) !== undefined);
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** MISP writes booleans as true, 1, "1", "true" or "True". */
export function asBool(value: unknown): boolean {
  return value === true || value === 1 || (typeof value === 'string' && /^(1|true)$/i.test(value.trim()));
}

function looksLikeEvent(value: Json): boolean {
  return ['Attribute', 'Object', 'info', 'uuid', 'EventReport'].some((key) => key in value);
}

/** The events in a MISP JSON document, each unwrapped; `invalid` counts unusable entries. */
export function unwrapEvents(json: unknown): { readonly events: Json[]; readonly invalid: number } {
  const events: Json[] = [];
  let invalid = 0;
  // A stack, not recursion: lists nested thousands deep overflowed the call stack (found by
  // test/fuzz, regression misp-importer/c19ed2266cf362c3). Children go on in reverse so events keep their order.
  const pending: unknown[] = [json];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push(value[i]);
      continue;
    }
    const object = asObject(value);
    if (object === undefined) {
      invalid++;
      continue;
    }
    if (Array.isArray(object['response'])) pending.push(object['response']);
    else if (object['Event'] !== undefined) {
      const event = asObject(object['Event']);
      if (event === undefined) invalid++;
      else events.push(event);
    } else if (looksLikeEvent(object)) events.push(object);
    else invalid++;
  }
  return { events, invalid };
}
