// The drivers a campaign runs: STIX writes over REST, TAXII Add Objects, warning releases
// over REST while the server is up; CLI ingests and the top-up of warning cases between
// restarts. Deliveries need no driver of their own: the server's dispatcher sends what the
// approvals requested, to the loopback receivers (receivers.ts).
import type { CrashDriver } from '../plugins.ts';
import { cliIngestDriver, type CliIngestOptions } from './cliIngest.ts';
import { releaseDriver, type ReleaseDriverOptions } from './releases.ts';
import { restIngestDriver } from './restIngest.ts';
import { taxiiPostDriver } from './taxiiPost.ts';

export function defaultDrivers(cli: CliIngestOptions, releases: ReleaseDriverOptions): CrashDriver[] {
  return [restIngestDriver, taxiiPostDriver, releaseDriver(releases), cliIngestDriver(cli)];
}
