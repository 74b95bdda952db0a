// Inside the worker thread: run what the main thread sends, answer with the problems and the
// time taken. The main thread can terminate this thread when a call never returns, which an
// in-process timer could not do against a synchronous infinite loop.
import { parentPort } from 'node:worker_threads';
import { execute, warmUp } from './execute.ts';

export type Request = { readonly id: number; readonly kind: 'run'; readonly target: string; readonly encoded: unknown } | { readonly id: number; readonly kind: 'warm'; readonly target: string };
/** `cancelled`: never ran, because another call hung and the thread was replaced (send it again). */
export type Reply = { readonly id: number; readonly problems: readonly string[]; readonly ms: number; readonly cancelled?: true };

const port = parentPort;
if (port === null) throw new Error('workerMain.ts runs in a worker thread');
port.on('message', (request: Request) => {
  const done = (reply: Reply): void => port.postMessage(reply);
  if (request.kind === 'warm') {
    warmUp(request.target).then(
      () => done({ id: request.id, problems: [], ms: 0 }),
      (error: unknown) => done({ id: request.id, problems: [`warm-up failed: ${String(error)}`], ms: 0 }),
    );
    return;
  }
  execute(request.target, request.encoded).then(
    (result) => done({ id: request.id, ...result }),
    (error: unknown) => done({ id: request.id, problems: [`harness error: ${String(error)}`], ms: 0 }),
  );
});
port.postMessage({ id: 0, problems: [], ms: 0 } satisfies Reply);
