// The drivers a campaign runs. Add one here when a new write surface lands: releases
// (POST a release, acknowledged on 2xx, recorded in its own ledger on CampaignState),
// deliveries (queue a warning, the outbox must deliver it once), the audit chain (every
// acknowledged action appends an entry).
import type { CrashDriver } from '../plugins.ts';
import { cliIngestDriver, type CliIngestOptions } from './cliIngest.ts';
import { restIngestDriver } from './restIngest.ts';

export function defaultDrivers(cli: CliIngestOptions): CrashDriver[] {
  return [restIngestDriver, cliIngestDriver(cli)];
}
