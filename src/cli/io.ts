// What a CLI command may touch of the outside world, passed in so commands are testable
// in-process (tests give buffers, main gives the real process streams).
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Whether stdout is a terminal (progress bars only then). */
  readonly isTty: boolean;
  /** Environment as read once by config/; commands never read process.env themselves. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Exit codes: 0 ok, 1 rejected input, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;
