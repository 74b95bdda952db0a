// Runs in a worker thread: judges batches sent by judgeWorkers.ts and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import { judgeValue } from './judge.ts';
import { encodeJudged } from './judgedWire.ts';
import { decodeRequest, type JudgeRequest } from './judgeRequest.ts';

parentPort?.on('message', (request: JudgeRequest) => {
  const judged = decodeRequest(request).map((value, i) => judgeValue(value, request.firstIndex + i));
  const wire = encodeJudged(judged);
  // The JSON bytes move to the writing thread instead of being copied.
  parentPort?.postMessage({ id: request.id, judged: wire }, [wire.json.buffer as ArrayBuffer]);
});
// Loaded and listening: judgeWorkers.ts sends work from now on.
const { started, slot } = workerData as { started: Int32Array; slot: number };
Atomics.store(started, slot, 1);
