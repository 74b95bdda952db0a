import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository. */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data', import.meta.url));
