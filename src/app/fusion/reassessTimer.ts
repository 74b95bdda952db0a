// Runs reassess() on a fixed period while the server runs (`tearline serve` / `start`): the
// clock crossing an imminence boundary or a sunset changes an assessment without any new
// reporting. One pass at a time; a failed pass is reported and the next one tries again.
import type { Clock, Store } from '../ports.ts';
import { reassess, type ReassessResult } from './reassess.ts';

export interface ReassessTimer {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function startReassessTimer(
  context: { readonly store: Store; readonly clock: Clock },
  periodMs: number,
  report: { readonly changed?: (result: ReassessResult) => void; readonly failed: (error: unknown) => void },
): ReassessTimer {
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running !== null) return;
    running = reassess(context.clock.now(), context)
      .then((result) => {
        if (result.changed.length > 0) report.changed?.(result);
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
      clearInterval(handle);
      await running;
    },
  };
}
