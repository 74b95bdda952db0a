// The checks run after every restart, in this order, on the database opened read-only while
// the restarted server is paused (SIGSTOP), so every check reads one committed state.
import type { CrashCheck } from '../plugins.ts';
import { auditCheck } from './audit.ts';
import { deliveriesCheck } from './deliveries.ts';
import { integrityCheck } from './integrity.ts';
import { objectsCheck } from './objects.ts';
import { releasesCheck } from './releases.ts';
import { taxiiCheck } from './taxii.ts';

export const DEFAULT_CHECKS: readonly CrashCheck[] = [integrityCheck, objectsCheck, taxiiCheck, releasesCheck, deliveriesCheck, auditCheck];
