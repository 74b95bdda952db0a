// Runs runDeadlines on a fixed period while the server runs (`tearline serve` / `start`).
// The timer holds no state: what has fired is in the store (runDeadlines.ts), so a restart
// or a second server on the same database never fires a deadline twice. One tick at a time;
// a failed tick is reported and the next one tries again.
import type { Clock, Store } from '../ports.ts';
import { runDeadlines, type RunDeadlinesOptions, type RunDeadlinesResult } from './runDeadlines.ts';

export interface WarningScheduler {
  /** Stops the timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

/** Issue 7: "a timer in serve calls it every few seconds". */
export const DEADLINE_TICK_MS = 5_000;

export function startWarningScheduler(
  context: { readonly store: Store; readonly clock: Clock },
  periodMs: number,
  report: { readonly fired?: (result: RunDeadlinesResult) => void; readonly failed: (error: unknown) => void },
  options: RunDeadlinesOptions = {},
): WarningScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): void => {
    if (running !== null || stopped) return;
    running = runDeadlines(context.store, context.clock.now(), options)
      .then((result) => {
        if (result.fired.length > 0 || result.opened.length > 0) report.fired?.(result);
      })
      .catch(report.failed)
      .finally(() => {
        running = null;
      });
  };
  tick();
  const handle = setInterval(tick, periodMs);
  // The timer alone never keeps the process alive.
  handle.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(handle);
      await running;
    },
  };
}
