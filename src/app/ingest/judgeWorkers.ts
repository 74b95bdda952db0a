// A BatchJudge backed by worker threads: the machine's second core parses and validates the
// next batches while the calling thread writes the current one to the store. Worth it for
// big inputs left as JSON text (NDJSON lines, a big bundle's elements); for small inputs the
// in-thread judge is cheaper.
//
// A thread takes about 90 ms to start from its bundle (judgeWorkerBundle.ts), a few hundred
// when it has to load the TypeScript sources. Until one has, batches are judged in the
// calling thread, which would otherwise sit idle waiting for the first answer.
import { Worker } from 'node:worker_threads';
import { judgeInThread, type BatchJudge, type JudgedValue } from './judge.ts';
import { decodeJudged, type JudgedWire } from './judgedWire.ts';
import { encodeRequest } from './judgeRequest.ts';
import { judgeWorkerEntry } from './judgeWorkerBundle.ts';

export interface WorkerJudge {
  readonly judge: BatchJudge;
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (judged: readonly JudgedValue[]) => void;
  readonly reject: (error: Error) => void;
}

/** What a judge thread posts: the answer to a request. */
interface WorkerMessage {
  readonly id: number;
  readonly judged: JudgedWire;
}

export function startWorkerJudge(threads = 1): WorkerJudge {
  const count = Math.max(1, threads);
  // A thread sets its slot once loaded. Read synchronously: a writer that never yields to the
  // event loop (an in-memory bundle written batch after batch) would never see a 'ready' message.
  const started = new Int32Array(new SharedArrayBuffer(4 * count));
  const workers = Array.from({ length: count }, (_, slot) => new Worker(judgeWorkerEntry(), { workerData: { started, slot } }));
  const queued = workers.map(() => 0);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  workers.forEach((worker, slot) => {
    worker.on('message', (message: WorkerMessage) => {
      queued[slot] = (queued[slot] as number) - 1;
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      waiting?.resolve(decodeJudged(message.judged));
    });
    worker.on('error', (error: Error) => {
      failure = error;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  });
  /** The started thread with the shortest queue. */
  const leastQueued = (): number | undefined => {
    let best: number | undefined;
    for (let slot = 0; slot < count; slot++) {
      if (Atomics.load(started, slot) !== 1) continue;
      if (best === undefined || (queued[slot] as number) < (queued[best] as number)) best = slot;
    }
    return best;
  };
  return {
    judge: (values, firstIndex) => {
      if (failure !== undefined) return Promise.reject(failure);
      const slot = leastQueued();
      if (slot === undefined) return judgeInThread(values, firstIndex);
      const id = nextId++;
      queued[slot] = (queued[slot] as number) + 1;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const { request, transfer } = encodeRequest(id, firstIndex, values);
        (workers[slot] as Worker).postMessage(request, transfer);
      });
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
