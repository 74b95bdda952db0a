// Argument parsing shared by all commands: node's parseArgs, with usage errors as values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConfigOverrides } from '../config/config.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed<T extends Options> =
  | { readonly ok: true; readonly values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; readonly positionals: string[] }
  | { readonly ok: false; readonly message: string };

/** Options every command that touches the store accepts. */
export const STORE_OPTIONS = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function parse<T extends Options>(args: readonly string[], options: T): Parsed<T> {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { ok: true, values: values as never, positionals };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function overridesFrom(values: { db?: string; host?: string; port?: string }): ConfigOverrides {
  const overrides: { db?: string; host?: string; port?: string } = {};
  if (values.db !== undefined) overrides.db = values.db;
  if (values.host !== undefined) overrides.host = values.host;
  if (values.port !== undefined) overrides.port = values.port;
  return overrides;
}
