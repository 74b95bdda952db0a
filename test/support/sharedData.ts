// Locates ../shared/data (read-only material beside the repo). Tests skip with a clear
// message when it is absent instead of failing or silently passing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data', import.meta.url));

export function sharedDataPath(relative: string): string | undefined {
  const path = `${SHARED_DATA}/${relative}`;
  return existsSync(path) ? path : undefined;
}

export const SHARED_DATA_ABSENT = `shared data absent: ${SHARED_DATA} not found`;
