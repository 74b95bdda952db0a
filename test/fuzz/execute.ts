// Runs a target once on an encoded input and times it: the one place that turns an escaped
// exception or a slow call into a reported problem. Used by the worker thread and by the
// regression replay.
import { targetNamed } from './registry.ts';

/** A call slower than this is a problem ("no hang beyond a bound"). */
export const CALL_BOUND_MS = Number(process.env.FUZZ_CALL_BOUND_MS ?? 2000);

export interface Execution {
  readonly problems: readonly string[];
  readonly ms: number;
}

export async function execute(targetName: string, encoded: unknown): Promise<Execution> {
  const target = targetNamed(targetName);
  if (target === undefined) return { problems: [`no fuzz target named '${targetName}'`], ms: 0 };
  const input = target.decode(encoded);
  const started = performance.now();
  let problems: readonly string[];
  try {
    problems = await target.run(input);
  } catch (error) {
    problems = [`threw ${describe(error)}`];
  }
  const ms = performance.now() - started;
  if (ms > CALL_BOUND_MS) problems = [...problems, `took ${Math.round(ms)} ms (bound ${CALL_BOUND_MS} ms)`];
  return { problems, ms };
}

/** The error's name, message and the first frames of its stack that are ours. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Paths from src/ on, so the text (and a bug's signature) is the same in every checkout.
  const frames = (error.stack ?? '').split('\n').filter((l) => l.includes('/src/')).slice(0, 3).map((l) => l.trim().replace(/(\(|at )[^ (]*?\/src\//, '$1src/'));
  return `${error.name}: ${error.message.slice(0, 300)}${frames.length > 0 ? ` (${frames.join(' <- ')})` : ''}`;
}

export async function warmUp(targetName: string): Promise<void> {
  await targetNamed(targetName)?.warmUp?.();
}
