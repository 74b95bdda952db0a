// Judge thread entry when the bundle cannot be cached (judgeWorkerBundle.ts): plain
// JavaScript that loads the TypeScript judge through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./judgeWorkerMain.ts');
