// What the CLI gets from the composition root (src/main.ts): concrete adapters are built
// there, never here, so commands can be run in tests against any store.
import type { Clock, Store } from '../app/ports.ts';
import type { Config } from '../config/config.ts';
import type { RunningDuty } from '../app/leadership/duties.ts';
import type { CopyStore } from '../app/ports/storeCopy.ts';

export interface RunningServer {
  readonly url: string;
  /** Issue 10: runs a scheduler only while this node is the leader (app/leadership/duties.ts); close() stops them. */
  readonly scheduler: { add(name: string, start: () => RunningDuty): void };
  close(): Promise<void>;
}

export interface CliDeps {
  openStore(config: Config): Promise<Store>;
  readonly clock: Clock;
  serve(config: Config, store: Store): Promise<RunningServer>;
  readonly version: string;
  /** `tearline db copy`: a whole store from one adapter to another (storage/copy). */
  readonly copyStore: CopyStore;
}
