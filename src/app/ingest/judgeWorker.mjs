// Worker entry: plain JavaScript so it starts the same way whether Tearline runs from
// sources (through tsx) or not; it loads the TypeScript judge through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./judgeWorkerMain.ts');
