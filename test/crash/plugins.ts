// The two kinds of plug-ins the campaign runs. A driver makes writes (while the server is
// up, or between a kill and the next start); a check compares the database with what the
// drivers recorded. Each surface keeps its own ledger here (STIX writes, TAXII posts,
// releases, what the loopback receivers got, the audit chain's head) and plugs in as one
// more driver and one more check, listed in drivers/index.ts and checks/index.ts.
import type { SqliteStore } from '../../src/storage/sqlite/index.ts';
import type { AuditLedger } from './auditLedger.ts';
import type { Ledger } from './ledger.ts';
import type { DeliveryLedger } from './deliveryLedger.ts';
import type { ReleaseLedger } from './releaseLedger.ts';
import type { TaxiiLedger } from './taxiiLedger.ts';
import type { World } from './world.ts';
import type { Rng } from '../support/random.ts';
import type { SizeProfile } from './bundles.ts';

/** Tallies every driver and check may add to; printed at the end. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  set(key: string, n: number): void {
    this.counts.set(key, n);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export interface CampaignState {
  readonly db: string;
  /** Scratch directory for files the drivers write (CLI input files). */
  readonly workDir: string;
  readonly rng: Rng;
  /** Every STIX write (REST, CLI, TAXII, setup), checked object by object. */
  readonly ledger: Ledger;
  /** TAXII Add Objects requests: status ids, what the status said. */
  readonly taxii: TaxiiLedger;
  /** Warning cases driven to release: every command sent and its answer. */
  readonly releases: ReleaseLedger;
  /** What the loopback webhook endpoint and SMTP server (alive across kills) received, and which rows were seen sent. */
  readonly deliveries: DeliveryLedger;
  /** The audit chain's head at the last check, and how often it verified. */
  readonly audit: AuditLedger;
  /** People, tokens, the partner and the TAXII account made before the first start. */
  readonly world: World;
  readonly tally: Tally;
  readonly sizes: SizeProfile;
  /** Headers that authenticate a request to the REST API (an API token with objects.ingest). */
  readonly apiHeaders: Readonly<Record<string, string>>;
  /** Which server process is running (1 for the first start): receptions and observations are stamped with it. */
  life(): number;
  /** A bump counter shared by drivers, so every new version gets its own instant. */
  nextStamp(): number;
  log(message: string): void;
  /** For a driver that got an answer that should never come (e.g. a 5xx, or 200 for invalid input). */
  report(violation: Violation): void;
}

export interface CrashDriver {
  readonly name: string;
  /**
   * Writes while the server at `url` is up. Called right after it listens; the server is
   * killed at a random moment, after which `stopped` fires: start no more work then, and
   * settle every request in flight (as unanswered when the kill took it).
   */
  whileUp?(state: CampaignState, url: string, stopped: AbortSignal): Promise<void>;
  /** Runs between a kill and the next start, when no server has the database open. */
  whileDown?(state: CampaignState): Promise<void>;
}

export type ViolationKind =
  | 'integrity'
  | 'lost'
  | 'duplicated'
  | 'half-stored'
  | 'refused-stored'
  | 'unexpected'
  | 'wrong-answer'
  | 'startup'
  /** A delivery the partner received again although its first copy was already recorded as sent (or twice from one process). */
  | 'sent-twice'
  /** The audit chain does not verify, or an acknowledged action has no entry. */
  | 'audit';

export interface Violation {
  readonly kind: ViolationKind;
  readonly check: string;
  readonly message: string;
}

export interface CheckContext {
  readonly state: CampaignState;
  /** The database opened read-only on a separate connection (the server may be running). */
  readonly store: SqliteStore;
  /** 1-based: which restart this check follows; 0 for the final check. */
  readonly restart: number;
}

export interface CrashCheck {
  readonly name: string;
  run(context: CheckContext): Promise<readonly Violation[]>;
}
