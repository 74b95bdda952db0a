// A one-line progress display with objects/s, only on a terminal (never in pipes or --json).
import type { Writable } from 'node:stream';

export interface Progress {
  update(done: number): void;
  finish(done: number): void;
}

export function progressBar(out: Writable, enabled: boolean, total: number, label: string): Progress {
  const started = performance.now();
  let last = 0;
  const render = (done: number): void => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const width = 30;
    const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
    out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate} objects/s`);
  };
  return {
    update(done) {
      if (!enabled) return;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      render(done);
    },
    finish(done) {
      if (!enabled) return;
      render(done);
      out.write('\n');
    },
  };
}
