// Runs dispatchDue() on a fixed period while the server runs (`tearline serve` / `start`):
// requested deliveries go out, retries come due. One pass at a time; a failed pass is
// reported and the next one tries again (the outbox keeps every row until it is sent or dead).
import { dispatchDue, type DispatchContext, type DispatchReport } from './dispatch.ts';

export interface DispatchTimer {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function startDispatchTimer(
  ctx: DispatchContext,
  periodMs: number,
  report: { readonly done?: (result: DispatchReport) => void; readonly failed: (error: unknown) => void },
): DispatchTimer {
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running !== null) return;
    running = dispatchDue(ctx)
      .then((result) => {
        if (result.claimed > 0) report.done?.(result);
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
