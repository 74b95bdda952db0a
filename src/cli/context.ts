// Opens config and store for a command, reporting configuration errors as usage errors.
import type { Store } from '../app/ports.ts';
import { loadConfig, type Config, type ConfigOverrides } from '../config/config.ts';
import type { CliDeps } from './deps.ts';
import { EXIT_USAGE, type CliIo } from './io.ts';

export type Opened = { readonly ok: true; readonly config: Config; readonly store: Store } | { readonly ok: false; readonly exitCode: number };

export function configFor(io: CliIo, overrides: ConfigOverrides): Config | undefined {
  const result = loadConfig(io.env, overrides, io.cwd);
  if (result.ok) return result.config;
  for (const error of result.errors) io.stderr.write(`tearline: configuration: ${error.key}: ${error.message}\n`);
  return undefined;
}

export async function openFor(io: CliIo, deps: CliDeps, overrides: ConfigOverrides): Promise<Opened> {
  const config = configFor(io, overrides);
  if (config === undefined) return { ok: false, exitCode: EXIT_USAGE };
  const store = await deps.openStore(config);
  return { ok: true, config, store };
}
