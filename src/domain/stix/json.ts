// Objects arrive as parsed, untrusted JSON: these guards are the only way values are narrowed.

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property present and not undefined (JSON has no undefined, so "present"). */
export function has(object: JsonObject, key: string): boolean {
  return object[key] !== undefined && Object.hasOwn(object, key);
}
