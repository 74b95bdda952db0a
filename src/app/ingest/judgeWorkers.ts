// A BatchJudge backed by worker threads: the machine's second core parses and validates the
// next batches while the calling thread writes the current one to the store. Worth it for
// big streams of raw JSON lines; for small inputs the in-thread judge is cheaper.
import { Worker } from 'node:worker_threads';
import type { BatchJudge, JudgedValue } from './judge.ts';

export interface WorkerJudge {
  readonly judge: BatchJudge;
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (judged: readonly JudgedValue[]) => void;
  readonly reject: (error: Error) => void;
}

export function startWorkerJudge(threads = 1): WorkerJudge {
  const workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(new URL('./judgeWorker.mjs', import.meta.url)));
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let nextWorker = 0;
  let failure: Error | undefined;
  for (const worker of workers) {
    worker.on('message', (message: { id: number; judged: readonly JudgedValue[] }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      waiting?.resolve(message.judged);
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
      const id = nextId++;
      const worker = workers[nextWorker++ % workers.length] as Worker;
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
