// What the CLI gets from the composition root (src/main.ts): concrete adapters are built
// there, never here, so commands can be run in tests against any store.
import type { Clock, Store } from '../app/ports.ts';
import type { Config } from '../config/config.ts';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface CliDeps {
  openStore(config: Config): Promise<Store>;
  readonly clock: Clock;
  serve(config: Config, store: Store): Promise<RunningServer>;
  readonly version: string;
}
