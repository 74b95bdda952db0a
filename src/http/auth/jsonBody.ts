// The server's JSON body parser: bounded size (per parser and per route), bounded nesting, no
// `__proto__` keys, and error messages that never quote the body (JSON.parse's own messages
// do, and a sign-in body holds a password).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';

export const MAX_JSON_DEPTH = 64;
/** Default for JSON bodies; a route that takes more says so (`bodyLimit`) or parses its own (ingest). */
export const DEFAULT_JSON_BODY_BYTES = 1024 * 1024;

/** Whether arrays/objects nest deeper than `max`, found by one pass over the text. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

export type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: ApiError };

export function parseJsonBody(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  if (nestsDeeperThan(text, maxDepth)) {
    return { ok: false, error: new ApiError(400, 'json-too-deep', `the JSON body nests deeper than ${maxDepth} levels`) };
  }
  try {
    const value: unknown = text.includes('"__proto__"')
      ? JSON.parse(text, (key, v: unknown) => {
          if (key === '__proto__') throw new SyntaxError('__proto__ key');
          return v;
        })
      : JSON.parse(text);
    return { ok: true, value };
  } catch {
    return { ok: false, error: new ApiError(400, 'malformed-json', 'the request body is not valid JSON') };
  }
}

export function installJsonParser(app: FastifyInstance, bodyLimit: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const parsed = parseJsonBody(body as string);
    if (parsed.ok) done(null, parsed.value);
    else done(parsed.error, undefined);
  });
}
