// The checks run after every restart. Add one here with each new driver: releases (every
// acknowledged release is stored with its markings, none half-made), deliveries (each queued
// warning delivered or still queued, never twice), the audit chain (the hash chain verifies
// end to end and every acknowledged action has its entry).
import type { CrashCheck } from '../plugins.ts';
import { integrityCheck } from './integrity.ts';
import { objectsCheck } from './objects.ts';

export const DEFAULT_CHECKS: readonly CrashCheck[] = [integrityCheck, objectsCheck];
