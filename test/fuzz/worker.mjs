// Worker-thread entry, plain JavaScript so it starts the same way from any runner: it loads
// the TypeScript side through tsx's loader (as src/app/ingest/judgeWorker.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./workerMain.ts');
