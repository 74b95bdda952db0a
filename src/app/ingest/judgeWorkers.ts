// A BatchJudge backed by worker threads: the machine's second core parses and validates the
// next batches while the calling thread writes the current one to the store. Worth it for
// big streams of raw JSON lines; for small inputs the in-thread judge is cheaper.
//
// A thread takes a few hundred ms to start (it loads the TypeScript sources through tsx).
// Until one has, batches are judged in the calling thread, which would otherwise sit idle
// waiting for the first answer (measured: ~0.4 s of a 200,000-object ingest).
import { Worker } from 'node:worker_threads';
import { judgeInThread, type BatchJudge, type JudgedValue } from './judge.ts';
import { decodeJudged, type JudgedWire } from './judgedWire.ts';

export interface WorkerJudge {
  readonly judge: BatchJudge;
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (judged: readonly JudgedValue[]) => void;
  readonly reject: (error: Error) => void;
}

/** What a judge thread posts: the signal that it has started, or the answer to a request. */
type WorkerMessage = { readonly ready: true } | { readonly id: number; readonly judged: JudgedWire };

export function startWorkerJudge(threads = 1): WorkerJudge {
  const workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(new URL('./judgeWorker.mjs', import.meta.url)));
  const ready: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let nextWorker = 0;
  let failure: Error | undefined;
  for (const worker of workers) {
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        ready.push(worker);
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      waiting?.resolve(decodeJudged(message.judged));
    });
    worker.on('error', (error: Error) => {
      failure = error;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  }
  return {
    judge: (values, firstIndex) => {
      if (failure !== undefined) return Promise.reject(failure);
      if (ready.length === 0) return judgeInThread(values, firstIndex);
      const id = nextId++;
      const worker = ready[nextWorker++ % ready.length] as Worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, values, firstIndex });
      });
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
