// Runs in a worker thread: judges batches sent by judgeWorkers.ts and posts the results back.
import { parentPort } from 'node:worker_threads';
import { judgeValue } from './judge.ts';
import { encodeJudged } from './judgedWire.ts';

interface Request {
  readonly id: number;
  readonly values: readonly unknown[];
  readonly firstIndex: number;
}

parentPort?.on('message', (request: Request) => {
  const judged = request.values.map((value, i) => judgeValue(value, request.firstIndex + i));
  parentPort?.postMessage({ id: request.id, judged: encodeJudged(judged) });
});
// Loaded and listening: judgeWorkers.ts sends work from now on.
parentPort?.postMessage({ ready: true });
